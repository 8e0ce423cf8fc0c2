using System.Text.RegularExpressions;
using Aspire.Hosting;
using Microsoft.Extensions.Options;
using QuoteAspire.AppHost.Settings;
using QuoteAspire.Shared;

namespace QuoteAspire.AppHost.QuoteStore;

/// <summary>
/// Checks every <c>QuoteStore</c> setting, and lists each one that is wrong with its key and what it accepts. The rules
/// that depend on the host chosen (Garnet takes neither a memory bound nor high availability) are
/// <see cref="QuoteStoreHostSelector"/>'s, once the machine has been asked.
/// </summary>
public sealed partial class QuoteStoreOptionsValidator : IValidateOptions<QuoteStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, QuoteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var keep = SettingReading.WholeNumber(QuoteStoreOptions.BackupOptions.KeepKey, options.Backup.Keep);
        var maxMemory = ReadMaxMemory(options.MaxMemory);
        string?[] problems =
        [
            ReadHost(options.Host).Problem,
            ReadHighAvailability(options.HighAvailability).Problem,
            ReadAppendFsync(options.AppendFsync).Problem,
            maxMemory.Problem,
            ReadImage(QuoteStoreOptions.ImageKey, options.Image, QuoteStoreOptions.DefaultImage).Problem,
            ReadImage(QuoteStoreOptions.ExporterImageKey, options.ExporterImage, QuoteStoreOptions.DefaultExporterImage).Problem,
            ReadDataVolume(options.DataVolume).Problem,
            ReadCommandTimeout(options.CommandTimeout).Problem,
            ReadSchedule(options.Backup.Schedule).Problem,
            keep.Problem,
            // Its advice counts on the other two settings: as given when they are right, their defaults when not.
            ReadVolumeSize(
                options.Backup.VolumeSize,
                keep.Problem is null ? keep.Value ?? QuoteStoreOptions.BackupOptions.DefaultKeep : QuoteStoreOptions.BackupOptions.DefaultKeep,
                maxMemory.Problem is null ? maxMemory.Value : QuoteStoreOptions.DefaultMaxMemory).Problem,
        ];

        var failures = problems.OfType<string>().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static SettingReading<QuoteStoreHost> ReadHost(string? value) =>
        string.IsNullOrWhiteSpace(value) ? QuoteStoreHost.Auto
        : QuoteStoreHostSelector.Names.TryGetValue(value.Trim(), out var host) ? host
        : SettingReading<QuoteStoreHost>.Refused(
            $"{QuoteStoreOptions.HostKey} is '{value}', which names no store host; use one of: {string.Join(", ", QuoteStoreHostSelector.Names.Keys)}.");

    /// <summary>True or false, or null when unset (the default depends on whether the AppHost publishes).</summary>
    internal static SettingReading<bool?> ReadHighAvailability(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : bool.TryParse(value.Trim(), out var on) ? on
        : SettingReading<bool?>.Refused(
            $"{QuoteStoreOptions.HighAvailabilityKey} is '{value}'; use true (a primary, two replicas and three Sentinels) or false (one server).");

    private static readonly Dictionary<string, AppendFsync> s_appendFsyncNames =
        Enum.GetValues<AppendFsync>().ToDictionary(value => value.ToRedisName(), StringComparer.OrdinalIgnoreCase);

    internal static SettingReading<AppendFsync> ReadAppendFsync(string? value) =>
        string.IsNullOrWhiteSpace(value) ? AppendFsync.EverySecond
        : s_appendFsyncNames.TryGetValue(value.Trim(), out var appendFsync) ? appendFsync
        : SettingReading<AppendFsync>.Refused(
            $"{QuoteStoreOptions.AppendFsyncKey} is '{value}'; use one of: {string.Join(", ", s_appendFsyncNames.Keys)} " +
            "(everysec, the default, can lose the last second of writes in a machine crash; always loses none, more slowly).");

    /// <summary>A size as Redis writes memory sizes (<c>384mb</c>, <c>1gb</c>), lowercase; the default when unset.</summary>
    internal static SettingReading<string> ReadMaxMemory(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return QuoteStoreOptions.DefaultMaxMemory;
        }

        var size = value.Trim().ToLowerInvariant();
        return MemorySize().IsMatch(size) && !size.StartsWith('0')
            ? size
            : SettingReading<string>.Refused($"{QuoteStoreOptions.MaxMemoryKey} is '{value}'; give a size such as 384mb or 1gb (b, kb, mb or gb), above zero.");
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
    internal static SettingReading<string?> ReadDataVolume(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var name = value.Trim();
        return name.Length >= 2 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
            ? name
            : SettingReading<string?>.Refused(
                $"{QuoteStoreOptions.DataVolumeKey} is '{value}'; a volume name starts with a letter or digit and holds only letters, digits, '_', '.' and '-'.");
    }

    /// <summary>The frontend's store call timeout, by the frontend's own rule; null when unset.</summary>
    internal static SettingReading<TimeSpan?> ReadCommandTimeout(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : StoreCommandTimeout.Read(value, out var timeout) is { } problem ? SettingReading<TimeSpan?>.Refused(problem)
        : timeout;

    /// <summary>Five cron fields; <see cref="QuoteStoreOptions.BackupOptions.DefaultSchedule"/> when unset.</summary>
    internal static SettingReading<string> ReadSchedule(string? value) =>
        string.IsNullOrWhiteSpace(value) ? QuoteStoreOptions.BackupOptions.DefaultSchedule
        : CronFields().IsMatch(value.Trim()) ? value.Trim()
        : SettingReading<string>.Refused(
            $"{QuoteStoreOptions.BackupOptions.ScheduleKey} is '{value}'; use a cron schedule of five fields, minute hour day month weekday, such as '{QuoteStoreOptions.BackupOptions.DefaultSchedule}'.");

    [GeneratedRegex(@"^\S+( \S+){4}$")]
    private static partial Regex CronFields();

    /// <summary>
    /// A quantity in Mi, Gi or Ti; unset, room for <paramref name="keep"/> copies and the one being written, each of
    /// <paramref name="maxMemory"/>.
    /// </summary>
    internal static SettingReading<string> ReadVolumeSize(string? value, int keep, string maxMemory)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            const long MiB = 1 << 20;
            var bytes = (keep + 1) * QuoteStoreOptions.Bytes(maxMemory);
            return $"{(bytes + MiB - 1) / MiB}Mi";
        }

        return VolumeQuantity().IsMatch(value.Trim())
            ? value.Trim()
            : SettingReading<string>.Refused(
                $"{QuoteStoreOptions.BackupOptions.VolumeSizeKey} is '{value}'; give a size in Mi, Gi or Ti, such as 4Gi, or leave it out for room for {keep + 1} copies of {maxMemory}.");
    }

    [GeneratedRegex("^[1-9][0-9]*(Mi|Gi|Ti)$")]
    private static partial Regex VolumeQuantity();
}
