using System.Reflection;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using QuoteAspire.ApiService.Store;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Docs;

/// <summary>
/// docs/configuration.md lists every setting the code reads, and nothing else: its table is compared, both ways, with
/// the keys the code defines. Those are found, not listed here: every options type bound from a section (it names it
/// in a <c>SectionName</c> constant) gives a key per property, nested sections and dictionaries included; every
/// <c>ConfigurationKey</c> constant is one key; and the AppHost's model names its parameters. What the code reads by
/// name alone (the article's variables, the OpenTelemetry endpoint) is added by its constants.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed partial class ConfigurationReferenceTests
{
    private static readonly string Reference = Path.Combine(Repository.Root, "docs", "configuration.md");

    // The assemblies whose code reads the app's settings.
    private static readonly Assembly[] Production =
    [
        typeof(AppHost.QuoteStore.QuoteStoreOptions).Assembly,
        typeof(QuoteStoreLocation).Assembly,
        typeof(KubernetesPublishingOptions).Assembly,
        typeof(StorePasswordRotation).Assembly,
    ];

    [Fact]
    public async Task EverySettingTheCodeDefinesHasARowAndEveryRowASetting()
    {
        var documented = DocumentedKeys();
        var defined = await DefinedKeysAsync();

        var missing = defined.Except(documented).Order(StringComparer.Ordinal).ToList();
        var stale = documented.Except(defined).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"Settings the code defines that docs/configuration.md does not list:\n{string.Join('\n', missing)}");
        Assert.True(stale.Count == 0, $"Rows of docs/configuration.md for settings the code does not define:\n{string.Join('\n', stale)}");
    }

    [Fact]
    public void EveryRowGivesADefaultWhereItAppliesAndWhatItMeans()
    {
        var incomplete = Rows()
            .Where(row => row.Cells.Length != 4 || row.Cells.Skip(1).Any(string.IsNullOrWhiteSpace)
                || !row.Cells[2].Split(',', StringSplitOptions.TrimEntries).All(place => place is "run" or "publish" or "frontend"))
            .Select(row => row.Line)
            .ToList();

        Assert.True(incomplete.Count == 0, $"Rows without four cells, a default, a meaning, or where they apply (run, publish, frontend):\n{string.Join('\n', incomplete)}");
    }

    /// <summary>
    /// Where the row for <paramref name="key"/> says the setting applies (run, publish, frontend), a name of the user's
    /// choosing standing for each placeholder; null when no row lists it.
    /// </summary>
    internal static IReadOnlyList<string>? WhereApplies(string key) =>
        Rows()
            .Select(row => (Key: FirstCode().Match(row.Cells[0]).Groups["key"].Value, Where: row.Cells[2]))
            .Where(row => Regex.IsMatch(key, $"^{string.Join("[^:]+", Placeholder().Split(row.Key).Select(Regex.Escape))}$"))
            .Select(row => row.Where.Split(',', StringSplitOptions.TrimEntries))
            .FirstOrDefault();

    private static HashSet<string> DocumentedKeys() =>
        [.. Rows().Select(row => Normalized(FirstCode().Match(row.Cells[0]).Groups["key"].Value))];

    private static IEnumerable<(string Line, string[] Cells)> Rows() =>
        File.ReadLines(Reference)
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => (line, line.Trim().Trim('|').Split(" | ").Select(cell => cell.Trim()).ToArray()));

    private static async Task<HashSet<string>> DefinedKeysAsync()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var types = Production.SelectMany(assembly => assembly.GetTypes()).Distinct().ToList();

        foreach (var options in types.Where(type => !type.IsAbstract && ConstantOf(type, "SectionName") is not null))
        {
            AddProperties(keys, ConstantOf(options, "SectionName")!, options);
        }

        keys.UnionWith(types.Select(type => ConstantOf(type, "ConfigurationKey")).OfType<string>());

        // Read by name: the article's variables (the frontend's second way to its store), its connection string, the
        // OpenTelemetry endpoint ServiceDefaults exports to, and the runtime the store's host choice asks first.
        keys.UnionWith([
            QuoteStoreLocation.ServiceHostVariable, QuoteStoreLocation.ServicePortVariable, QuoteStoreLocation.PasswordVariable,
            $"ConnectionStrings:{QuoteStoreLocation.ConnectionName}", "OTEL_EXPORTER_OTLP_ENDPOINT", RedisStoreBuilderExtensions.ContainerRuntimeKey,
        ]);

        // The parameters of the published model (the default, replicated store: every password), and a rotation's next one.
        using var output = new TemporaryFolder("quoteaspire-configuration-");
        await using var builder = await AppHostModels.BuildAsync("--operation", "publish", "--step", "publish-kubernetes", "--output-path", output.Path);
        keys.UnionWith(builder.Resources.OfType<ParameterResource>().Select(parameter => $"Parameters:{parameter.Name}"));
        keys.Add(Normalized($"Parameters:<parameter>{StorePasswordRotation.NextSuffix}"));
        return keys;
    }

    // A key per bindable property: values, nested sections, and dictionaries whose entries are named by the user.
    private static void AddProperties(HashSet<string> keys, string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.GetIndexParameters().Length == 0))
        {
            var key = $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                var entry = propertyType.GetGenericArguments()[1];
                if (IsValue(entry))
                {
                    keys.Add($"{key}:<>");
                }
                else
                {
                    AddProperties(keys, $"{key}:<>", entry);
                }
            }
            else if (property.SetMethod is not { IsPublic: true })
            {
                // Read-only: a value computed from the settings, not one.
            }
            else if (IsValue(propertyType))
            {
                keys.Add(key);
            }
            else
            {
                AddProperties(keys, key, propertyType);
            }
        }
    }

    private static bool IsValue(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal);

    private static string? ConstantOf(Type type, string name) =>
        type.GetField(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) is { IsLiteral: true } field ? field.GetRawConstantValue() as string : null;

    // <resource>, <label>: a name of the user's choosing, whatever the row calls it.
    private static string Normalized(string key) => Placeholder().Replace(key, "<>");

    [GeneratedRegex("^`(?<key>[^`]+)`")]
    private static partial Regex FirstCode();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Placeholder();
}
