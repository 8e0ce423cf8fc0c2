using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Options;
using QuoteAspire.Shared;

namespace Aspire.Hosting;

/// <summary>
/// Checks every setting of a store's section, and lists each one that is wrong with its key (under the options' own
/// section) and what it accepts. The rules that depend on the host chosen (Garnet takes neither a memory bound nor high
/// availability) are <see cref="RedisStoreHostSelector"/>'s, once the machine has been asked.
/// </summary>
public sealed partial class RedisStoreOptionsValidator : IValidateOptions<RedisStoreOptions>
{
    /// <summary>Lists every wrong setting of <paramref name="options"/>, the store's first, then its clients', then the backups'.</summary>
    public ValidateOptionsResult Validate(string? name, RedisStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var backup = options.Backup;
        var keep = SettingReading.WholeNumber(backup.KeyOf(nameof(RedisStoreBackupOptions.Keep)), backup.Keep);
        var maxMemory = ReadMaxMemory(options.KeyOf(nameof(RedisStoreOptions.MaxMemory)), options.MaxMemory);
        string?[] problems =
        [
            ReadHost(options.KeyOf(nameof(RedisStoreOptions.Host)), options.Host).Problem,
            ReadHighAvailability(options.KeyOf(nameof(RedisStoreOptions.HighAvailability)), options.HighAvailability).Problem,
            ReadAppendFsync(options.KeyOf(nameof(RedisStoreOptions.AppendFsync)), options.AppendFsync).Problem,
            maxMemory.Problem,
            ReadImage(options.KeyOf(nameof(RedisStoreOptions.Image)), options.Image, RedisStoreOptions.DefaultImage).Problem,
            ReadImage(options.KeyOf(nameof(RedisStoreOptions.ExporterImage)), options.ExporterImage, RedisStoreOptions.DefaultExporterImage).Problem,
            ReadDataVolume(options.KeyOf(nameof(RedisStoreOptions.DataVolume)), options.DataVolume).Problem,
            .. options.ClientSettingProblems(),
            ReadSchedule(backup.KeyOf(nameof(RedisStoreBackupOptions.Schedule)), backup.Schedule).Problem,
            keep.Problem,
            // Its advice counts on the other two settings: as given when they are right, their defaults when not.
            ReadVolumeSize(
                backup.KeyOf(nameof(RedisStoreBackupOptions.VolumeSize)),
                backup.VolumeSize,
                keep.Problem is null ? keep.Value ?? RedisStoreBackupOptions.DefaultKeep : RedisStoreBackupOptions.DefaultKeep,
                maxMemory.Problem is null ? maxMemory.Value : RedisStoreOptions.DefaultMaxMemory).Problem,
        ];

        var failures = problems.OfType<string>().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static SettingReading<RedisStoreHost> ReadHost(string key, string? value) =>
        string.IsNullOrWhiteSpace(value) ? RedisStoreHost.Auto
        : RedisStoreHostSelector.Names.TryGetValue(value.Trim(), out var host) ? host
        : SettingReading<RedisStoreHost>.Refused(
            $"{key} is '{value}', which names no store host; use one of: {string.Join(", ", RedisStoreHostSelector.Names.Keys)}.");

    /// <summary>True or false, or null when unset (the default depends on whether the AppHost publishes).</summary>
    internal static SettingReading<bool?> ReadHighAvailability(string key, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : bool.TryParse(value.Trim(), out var on) ? on
        : SettingReading<bool?>.Refused(
            $"{key} is '{value}'; use true (a primary, two replicas and three Sentinels) or false (one server).");

    private static readonly Dictionary<string, AppendFsync> s_appendFsyncNames =
        Enum.GetValues<AppendFsync>().ToDictionary(value => value.ToRedisName(), StringComparer.OrdinalIgnoreCase);

    internal static SettingReading<AppendFsync> ReadAppendFsync(string key, string? value) =>
        string.IsNullOrWhiteSpace(value) ? AppendFsync.EverySecond
        : s_appendFsyncNames.TryGetValue(value.Trim(), out var appendFsync) ? appendFsync
        : SettingReading<AppendFsync>.Refused(
            $"{key} is '{value}'; use one of: {string.Join(", ", s_appendFsyncNames.Keys)} " +
            "(everysec, the default, can lose the last second of writes in a machine crash; always loses none, more slowly).");

    /// <summary>A size as Redis writes memory sizes (<c>384mb</c>, <c>1gb</c>), lowercase; the default when unset.</summary>
    internal static SettingReading<string> ReadMaxMemory(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return RedisStoreOptions.DefaultMaxMemory;
        }

        var size = value.Trim().ToLowerInvariant();
        return MemorySize().IsMatch(size) && !size.StartsWith('0')
            ? size
            : SettingReading<string>.Refused($"{key} is '{value}'; give a size such as 384mb or 1gb (b, kb, mb or gb), above zero.");
    }

    [GeneratedRegex("^[0-9]+(b|kb|mb|gb)$")]
    private static partial Regex MemorySize();

    private const string DockerHub = "docker.io";

    /// <summary>
    /// An image as Docker reads a reference: without a registry it is on Docker Hub, and a one-part Docker Hub name is
    /// under <c>library/</c>. Unset, <paramref name="defaultImage"/>.
    /// </summary>
    internal static SettingReading<ImageReference> ReadImage(string key, string? value, ImageReference defaultImage)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return defaultImage;
        }

        SettingReading<ImageReference> Invalid(string why) =>
            SettingReading<ImageReference>.Refused($"{key} is '{value}', but {why}. Write it as registry/repository:tag, for example {defaultImage}.");

        var reference = value.Trim();
        if (reference.Any(char.IsWhiteSpace) || reference.Contains('@', StringComparison.Ordinal))
        {
            return Invalid("it may hold no spaces and no digest (@sha256:...)");
        }

        var lastSlash = reference.LastIndexOf('/');
        var tagSeparator = reference.LastIndexOf(':');
        if (tagSeparator <= lastSlash || tagSeparator == reference.Length - 1)
        {
            return Invalid("it names no tag; give one, such as redis:8.6, so every run and every cluster gets the same image");
        }

        var name = reference[..tagSeparator];
        var tag = reference[(tagSeparator + 1)..];
        var firstSlash = name.IndexOf('/', StringComparison.Ordinal);
        var first = firstSlash < 0 ? null : name[..firstSlash];
        var (registry, repository) = first is not null && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            ? (first, name[(firstSlash + 1)..])
            : (DockerHub, name);

        if (repository.Length == 0 || repository.Split('/').Any(part => part.Length == 0) || repository.Any(char.IsAsciiLetterUpper))
        {
            return Invalid("its repository must be lowercase path parts separated by single slashes");
        }

        if (registry == DockerHub && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = $"library/{repository}";
        }

        return new ImageReference(registry, repository, tag);
    }

    /// <summary>A volume name Docker and Podman both take, or null when unset.</summary>
    internal static SettingReading<string?> ReadDataVolume(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var name = value.Trim();
        return name.Length >= 2 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
            ? name
            : SettingReading<string?>.Refused(
                $"{key} is '{value}'; a volume name starts with a letter or digit and holds only letters, digits, '_', '.' and '-'.");
    }

    /// <summary>Five cron fields; <see cref="RedisStoreBackupOptions.DefaultSchedule"/> when unset.</summary>
    internal static SettingReading<string> ReadSchedule(string key, string? value) =>
        string.IsNullOrWhiteSpace(value) ? RedisStoreBackupOptions.DefaultSchedule
        : CronFields().IsMatch(value.Trim()) ? value.Trim()
        : SettingReading<string>.Refused(
            $"{key} is '{value}'; use a cron schedule of five fields, minute hour day month weekday, such as '{RedisStoreBackupOptions.DefaultSchedule}'.");

    [GeneratedRegex(@"^\S+( \S+){4}$")]
    private static partial Regex CronFields();

    /// <summary>
    /// A quantity in Mi, Gi or Ti; unset, room for <paramref name="keep"/> copies and the one being written, each of
    /// <paramref name="maxMemory"/>.
    /// </summary>
    internal static SettingReading<string> ReadVolumeSize(string key, string? value, int keep, string maxMemory)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            const long MiB = 1 << 20;
            var bytes = (keep + 1) * RedisStoreOptions.Bytes(maxMemory);
            return $"{(bytes + MiB - 1) / MiB}Mi";
        }

        return VolumeQuantity().IsMatch(value.Trim())
            ? value.Trim()
            : SettingReading<string>.Refused(
                $"{key} is '{value}'; give a size in Mi, Gi or Ti, such as 4Gi, or leave it out for room for {keep + 1} copies of {maxMemory}.");
    }

    [GeneratedRegex("^[1-9][0-9]*(Mi|Gi|Ti)$")]
    private static partial Regex VolumeQuantity();
}
