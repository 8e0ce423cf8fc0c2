using System.Globalization;

namespace QuoteAspire.Hosting.RedisCompatible;

/// <summary>
/// A five-field cron schedule (minute hour day month weekday), as a CronJob reads it, enough to tell how far apart its
/// runs fall: numbers, <c>*</c>, ranges, lists and steps. Names (<c>MON</c>) and macros (<c>@daily</c>) are not read.
/// </summary>
internal sealed class CronSchedule
{
    // A year and a month from a Monday: every schedule of five fields repeats within that, leap days aside.
    private static readonly DateTime s_from = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan s_span = TimeSpan.FromDays(366 + 31);

    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _weekdays;
    private readonly bool _daysRestricted;
    private readonly bool _weekdaysRestricted;

    private CronSchedule(string[] fields)
    {
        (_minutes, _) = Field(fields[0], 0, 59);
        (_hours, _) = Field(fields[1], 0, 23);
        (_days, _daysRestricted) = Field(fields[2], 1, 31);
        (_months, _) = Field(fields[3], 1, 12);
        (_weekdays, _weekdaysRestricted) = Field(fields[4], 0, 7);
        // Sunday is 0 and 7.
        _weekdays[0] |= _weekdays[7];
    }

    /// <exception cref="ArgumentException">Not five fields this class reads.</exception>
    public static CronSchedule Parse(string schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 5 ? new CronSchedule(fields) : throw new ArgumentException($"'{schedule}' is not five cron fields of numbers, '*', ranges, lists or steps.", nameof(schedule));
    }

    /// <summary>The longest time between two runs in a year: how stale the newest backup may be while all is well.</summary>
    /// <exception cref="ArgumentException">It never runs, or only once a year or less often.</exception>
    public TimeSpan LongestGap()
    {
        DateTime? first = null, previous = null;
        var longest = TimeSpan.Zero;
        for (var minute = s_from; minute < s_from + s_span; minute = minute.AddMinutes(1))
        {
            if (!Runs(minute))
            {
                continue;
            }

            if (previous is { } last && minute - last > longest)
            {
                longest = minute - last;
            }

            first ??= minute;
            previous = minute;
        }

        return first is null || first == previous
            ? throw new ArgumentException("The schedule runs less than twice a year, too seldom to watch.")
            : longest;
    }

    /// <summary>Whether a run starts at <paramref name="minute"/>: as cron reads it, a restricted day and weekday each allow a run.</summary>
    public bool Runs(DateTime minute)
    {
        var day = _days[minute.Day];
        var weekday = _weekdays[(int)minute.DayOfWeek];
        var onTheDay = _daysRestricted && _weekdaysRestricted ? day || weekday : day && weekday;
        return _minutes[minute.Minute] && _hours[minute.Hour] && _months[minute.Month] && onTheDay;
    }

    // Which values a field allows, and whether it restricts them (anything but a bare '*').
    private static (bool[] Allowed, bool Restricted) Field(string field, int low, int high)
    {
        var allowed = new bool[high + 1];
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var only] => (only, 1),
                [var first, var every] when int.TryParse(every, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => (first, n),
                _ => throw Invalid(field),
            };
            var (from, to) = range == "*" ? (low, high)
                : range.Split('-') is [var a, var b] ? (Number(a, field, low, high), Number(b, field, low, high))
                : (Number(range, field, low, high), step > 1 ? high : Number(range, field, low, high));
            for (var value = from; value <= to; value += step)
            {
                allowed[value] = true;
            }
        }

        return (allowed, field != "*");
    }

    private static int Number(string text, string field, int low, int high) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= low && value <= high ? value : throw Invalid(field);

    private static ArgumentException Invalid(string field) => new($"The cron field '{field}' is not numbers, '*', ranges, lists or steps.");
}
