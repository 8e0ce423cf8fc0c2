using System.Text;

namespace QuoteAspire.Tests.ClusterStandIn;

/// <summary>
/// The kubelet's expansion of <c>$(VAR)</c> in a container's env values, command and args: a name defined
/// earlier is replaced by its value, <c>$$</c> stands for a literal <c>$</c>, and anything else is left as written.
/// </summary>
public static class KubeletExpansion
{
    public static string Expand(string text, IReadOnlyDictionary<string, string> defined)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(defined);

        var expanded = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i == text.Length - 1)
            {
                expanded.Append(text[i]);
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                expanded.Append('$');
                i++;
            }
            else if (next == '(' && text.IndexOf(')', i + 2) is var close and > 0)
            {
                var name = text[(i + 2)..close];
                expanded.Append(defined.TryGetValue(name, out var value) ? value : text[i..(close + 1)]);
                i = close;
            }
            else
            {
                expanded.Append('$');
            }
        }

        return expanded.ToString();
    }
}
