using CommandCenter.Core.Common;

namespace CommandCenter.Core.Communications;

/// <summary>
/// The "What We Know" structure of a status update: what happened, what we are testing, what we are doing, what we
/// don't know yet, and when the next update comes. Times are UTC.
/// </summary>
public sealed record StatusUpdateContent(
    string WhatHappened,
    string WhatWeAreTesting,
    string WhatWeAreDoing,
    string WhatWeDontKnowYet,
    DateTime NextUpdateAt)
{
    public const int PartLength = 2000;

    /// <summary>A promise further out than this is no promise during an incident.</summary>
    public static readonly TimeSpan MaxNextUpdateAhead = TimeSpan.FromHours(24);

    /// <summary>Validates and trims the five parts, or throws a <see cref="ValidationException"/> naming every field to fix.</summary>
    public static StatusUpdateContent Create(string? whatHappened, string? whatWeAreTesting, string? whatWeAreDoing,
        string? whatWeDontKnow, DateTime? nextUpdateAt, DateTime now)
    {
        var validator = new Validator();
        var content = Validate(validator, whatHappened, whatWeAreTesting, whatWeAreDoing, whatWeDontKnow, nextUpdateAt, now);
        validator.ThrowIfInvalid();
        return content!;
    }

    /// <summary>Adds field errors to <paramref name="validator"/> so a caller can check other fields in the same pass; null when invalid.</summary>
    public static StatusUpdateContent? Validate(Validator validator, string? whatHappened, string? whatWeAreTesting,
        string? whatWeAreDoing, string? whatWeDontKnow, DateTime? nextUpdateAt, DateTime now)
    {
        var happened = validator.RequiredText("whatHappened", whatHappened, PartLength, "What happened");
        var testing = validator.RequiredText("whatWeAreTesting", whatWeAreTesting, PartLength, "What we are testing");
        var doing = validator.RequiredText("whatWeAreDoing", whatWeAreDoing, PartLength, "What we are doing");
        var unknown = validator.RequiredText("whatWeDontKnow", whatWeDontKnow, PartLength, "What we don't know yet");
        DateTime? next = null;
        if (nextUpdateAt is null)
        {
            validator.Add("nextUpdateAt", "The next update time is required: say when the audience will hear from us again.");
        }
        else
        {
            var utc = nextUpdateAt.Value.AsUtc();
            if (utc <= now)
            {
                validator.Add("nextUpdateAt", "The next update time must be in the future.");
            }
            else if (utc - now > MaxNextUpdateAhead)
            {
                validator.Add("nextUpdateAt", $"The next update must come within {MaxNextUpdateAhead.TotalHours:0} hours.");
            }
            else
            {
                next = utc;
            }
        }
        return happened is null || testing is null || doing is null || unknown is null || next is null
            ? null
            : new StatusUpdateContent(happened, testing, doing, unknown, next.Value);
    }

    /// <summary>Checks content built some other way (a record can be made or copied with <c>with</c>) before it is stored.</summary>
    public StatusUpdateContent Checked(DateTime now) =>
        Create(WhatHappened, WhatWeAreTesting, WhatWeAreDoing, WhatWeDontKnowYet, NextUpdateAt, now);
}
