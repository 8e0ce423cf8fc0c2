using System.Text.Json;
using QuoteAspire.Hosting.Kubernetes;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Monitoring;

/// <summary>
/// The published alerts, read by Prometheus's own tool: <c>promtool check rules</c> parses them, and
/// <c>promtool test rules</c> evaluates each against series of a healthy store and of the fault it is about.
/// </summary>
[Trait(Tier.Name, Tier.Outer)]
public sealed class AlertRulesCheckedByPromtoolTests : IDisposable
{
    private const string Ns = PublishedAlertRules.Namespace;
    private readonly TemporaryFolder _folder = new("quoteaspire-promtool-");

    [Fact]
    public async Task PromtoolAcceptsEveryPublishedRule()
    {
        PublishedAlertRules.SkipUnlessPromtool();
        var rules = await PublishedAlertRules.PublishAsync(_folder.Path);
        var file = await PublishedAlertRules.WriteRuleFileAsync(rules, _folder.Path);

        var (exitCode, output) = await ExternalTool.RunAsync("promtool", "check", "rules", file);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"SUCCESS: {rules.Spec.Groups.Sum(group => group.Rules.Count)} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachAlertFiresOnItsFaultAndNoneOnAHealthyStore()
    {
        PublishedAlertRules.SkipUnlessPromtool();
        var rules = await PublishedAlertRules.PublishAsync(_folder.Path);
        var file = await PublishedAlertRules.WriteRuleFileAsync(rules, _folder.Path);
        var alerts = rules.Spec.Groups.SelectMany(group => group.Rules).ToDictionary(rule => rule.Alert);

        object Expect(string alert, params (string Key, string Value)[] seriesLabels) => new Dictionary<string, object>
        {
            ["exp_labels"] = new Dictionary<string, string>(
                seriesLabels.Select(label => KeyValuePair.Create(label.Key, label.Value)), StringComparer.Ordinal)
            {
                ["severity"] = alerts[alert].Labels["severity"],
                ["namespace"] = Ns,
            },
            ["exp_annotations"] = alerts[alert].Annotations,
        };
        object Case(string name, IReadOnlyList<(string Series, string Values)> series, params (string Alert, object[] Expected)[] checks) => new Dictionary<string, object>
        {
            ["name"] = name,
            ["interval"] = "30s",
            ["input_series"] = series.Select(item => new Dictionary<string, string> { ["series"] = item.Series, ["values"] = item.Values }).ToList(),
            ["alert_rule_test"] = checks.Select(check => new Dictionary<string, object> { ["eval_time"] = "15m", ["alertname"] = check.Alert, ["exp_alerts"] = check.Expected }).ToList(),
        };
        static (string Key, string Value) Pod(int ordinal) => ("pod", $"quote-store-{ordinal}");
        (string Key, string Value) dataTarget = ("scrape_target", "data");

        var healthy = HealthySeries();
        var document = new Dictionary<string, object>
        {
            ["rule_files"] = new[] { Path.GetFileName(file) },
            ["evaluation_interval"] = "30s",
            ["tests"] = new[]
            {
                Case("a healthy store", healthy, [.. alerts.Keys.Select(alert => (alert, Array.Empty<object>()))]),
                Case("no node is the primary", Replace(healthy, "role=\"master\"", "role=\"slave\""),
                    ("QuoteStoreNoPrimary", [Expect("QuoteStoreNoPrimary")]), ("QuoteStoreFailoverStuck", [])),
                Case("two nodes call themselves the primary", Replace(healthy, "pod=\"quote-store-1\", scrape_target=\"data\", role=\"slave\"", "pod=\"quote-store-1\", scrape_target=\"data\", role=\"master\""),
                    ("QuoteStoreFailoverStuck", [Expect("QuoteStoreFailoverStuck")]), ("QuoteStoreNoPrimary", [])),
                Case("the Sentinels see the primary down", Replace(healthy, "master_status=\"ok\"}", "master_status=\"odown\"}", ("1x40", "0x40")),
                    ("QuoteStoreFailoverStuck", [Expect("QuoteStoreFailoverStuck")])),
                Case("a replica's link is down and the primary counts one replica", [.. Replace(Replace(healthy, "redis_master_link_up{namespace=\"quoteaspire\", pod=\"quote-store-2\"", "redis_master_link_up{namespace=\"quoteaspire\", pod=\"quote-store-2\"", ("1x40", "0x40")), "redis_connected_slaves{namespace=\"quoteaspire\", pod=\"quote-store-0\"", "redis_connected_slaves{namespace=\"quoteaspire\", pod=\"quote-store-0\"", ("2x40", "1x40"))],
                    ("QuoteStoreReplicaLinkDown", [Expect("QuoteStoreReplicaLinkDown", Pod(2), dataTarget), Expect("QuoteStoreReplicaLinkDown")])),
                Case("the primary is at 95% of maxmemory", Replace(healthy, "redis_memory_used_bytes{namespace=\"quoteaspire\", pod=\"quote-store-0\"", "redis_memory_used_bytes{namespace=\"quoteaspire\", pod=\"quote-store-0\"", ("50x40", "95x40")),
                    ("QuoteStoreMemoryNearlyFull", [Expect("QuoteStoreMemoryNearlyFull", Pod(0), dataTarget)])),
                Case("the last backup succeeded 14 hours ago", Replace(healthy, "kube_cronjob_status_last_successful_time", "kube_cronjob_status_last_successful_time", ("0x40", "-50000x40")),
                    ("QuoteStoreBackupsStale", [Expect("QuoteStoreBackupsStale", ("cronjob", "quote-store-backup"))])),
                Case("no backup has succeeded since the CronJob was made 14 hours ago",
                    [.. healthy.Where(item => !item.Series.StartsWith("kube_cronjob", StringComparison.Ordinal)), ($"kube_cronjob_created{{namespace=\"{Ns}\", cronjob=\"quote-store-backup\"}}", "-50000x40")],
                    ("QuoteStoreBackupsStale", [Expect("QuoteStoreBackupsStale", ("cronjob", "quote-store-backup"))])),
                Case("half the frontend's answers are 503", [.. healthy, ($"http_server_request_duration_seconds_count{{job=\"{Ns}/quote-frontend\", http_response_status_code=\"503\"}}", "0+30x40")],
                    ("QuoteFrontendServerErrors", [Expect("QuoteFrontendServerErrors")])),
            },
        };
        var tests = Path.Combine(_folder.Path, "alerts.test.yaml");
        // JSON is YAML: promtool reads it as written.
        await File.WriteAllTextAsync(tests, JsonSerializer.Serialize(document), TestContext.Current.CancellationToken);

        var (exitCode, output) = await ExternalTool.RunAsync("promtool", ["test", "rules", tests], _folder.Path, ExternalTool.DefaultTimeout);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    // A primary (quote-store-0) with two replicas in sync, its Sentinels agreeing, memory at half, a backup just done, and
    // a frontend answering 201s: 40 samples, 30 s apart.
    private static List<(string Series, string Values)> HealthySeries()
    {
        var series = new List<(string, string)>();
        for (var ordinal = 0; ordinal < 3; ordinal++)
        {
            var pod = $"namespace=\"{Ns}\", pod=\"quote-store-{ordinal}\"";
            var data = $"{pod}, scrape_target=\"data\"";
            series.Add(($"redis_instance_info{{{data}, role=\"{(ordinal == 0 ? "master" : "slave")}\"}}", "1x40"));
            series.Add(($"redis_memory_used_bytes{{{data}}}", "50x40"));
            series.Add(($"redis_memory_max_bytes{{{data}}}", "100x40"));
            series.Add(($"redis_connected_slaves{{{data}}}", ordinal == 0 ? "2x40" : "0x40"));
            if (ordinal > 0)
            {
                series.Add(($"redis_master_link_up{{{data}}}", "1x40"));
            }

            series.Add(($"redis_sentinel_master_status{{{pod}, scrape_target=\"sentinel\", master_name=\"quote-store\", master_status=\"ok\"}}", "1x40"));
        }

        series.Add(($"kube_cronjob_status_last_successful_time{{namespace=\"{Ns}\", cronjob=\"quote-store-backup\"}}", "0x40"));
        series.Add(($"kube_cronjob_created{{namespace=\"{Ns}\", cronjob=\"quote-store-backup\"}}", "-50000x40"));
        series.Add(($"http_server_request_duration_seconds_count{{job=\"{Ns}/quote-frontend\", http_response_status_code=\"201\"}}", "0+30x40"));
        return series;
    }

    // The series with the selector text replaced, and, where given, their values too.
    private static List<(string Series, string Values)> Replace(
        IEnumerable<(string Series, string Values)> series, string from, string to, (string From, string To)? values = null) =>
        [.. series.Select(item => item.Series.Contains(from, StringComparison.Ordinal)
            ? (item.Series.Replace(from, to, StringComparison.Ordinal), values is { } swap && item.Values == swap.From ? swap.To : item.Values)
            : item)];

    public void Dispose() => _folder.Dispose();
}
