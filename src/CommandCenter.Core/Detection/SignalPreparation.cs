using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Detection;

/// <summary>A validated signal on its way to the engine; <see cref="System"/> is null for an acknowledge or resolve that names only its alert.</summary>
internal sealed record PreparedSignal(
    int Index,
    string Source,
    string IdempotencyKey,
    long KeyHash,
    SystemRisk? System,
    SignalKind Kind,
    string? RawKind,
    double? Value,
    double? Threshold,
    IReadOnlyDictionary<string, string> Labels,
    string LabelsJson,
    string? Fingerprint,
    SignalAction Action,
    string? Summary,
    DateTime OccurredAt,
    DateTime ReceivedAt,
    string? Warning)
{
    public SignalReading Reading => new(Kind, Value, Threshold, Labels);
}

/// <summary>Checks one incoming signal field by field and derives its idempotency key.</summary>
internal static class SignalPreparation
{
    /// <summary>How old a signal may be and still be grouped (older ones are history, not detection).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);

    public static async Task<(PreparedSignal? Signal, IReadOnlyDictionary<string, string[]>? Errors)> PrepareAsync(
        int index, string source, IncomingSignal incoming, SystemDirectory systems, DateTime now, CancellationToken cancellationToken)
    {
        var v = new Validator();
        var action = incoming.Action;
        SystemRisk? system = null;
        var systemRef = Text(v, "system", incoming.System, Limits.SystemNameLength, "System");
        if (systemRef is not null)
        {
            system = await systems.FindAsync(systemRef, cancellationToken);
            if (system is null)
            {
                v.Add("system", $"No AI system '{systemRef}' in the inventory; register it under Systems first.");
            }
        }
        else if (action == SignalAction.Trigger)
        {
            v.Add("system", "System is required: the slug of the AI system the signal is about.");
        }

        var kind = SignalKind.Generic;
        string? rawKind = null;
        string? warning = null;
        var kindText = Text(v, "kind", incoming.Kind, DetectionLimits.KindLength, "Kind");
        if (kindText is not null)
        {
            if (SignalKinds.Parse(kindText) is { } known)
            {
                kind = known;
            }
            else
            {
                rawKind = kindText;
                warning = $"Unknown kind '{kindText}' was kept as generic; known kinds are {SignalKinds.Allowed}.";
            }
        }
        else if (action == SignalAction.Trigger)
        {
            v.Add("kind", $"Kind is required; use one of {SignalKinds.Allowed}.");
        }

        var fingerprint = Text(v, "fingerprint", incoming.Fingerprint, DetectionLimits.FingerprintLength, "Fingerprint");
        if (action != SignalAction.Trigger && fingerprint is null)
        {
            v.Add("fingerprint", $"A {action.ToString().ToLowerInvariant()} must name the alert it is about (fingerprint or dedup key).");
        }
        var summary = Text(v, "summary", incoming.Summary, DetectionLimits.SummaryLength, "Summary");
        CheckNumbers(v, kind, incoming.Value, incoming.Threshold);
        var labels = PrepareLabels(v, incoming.Labels);

        var occurredAt = incoming.OccurredAt?.AsUtc() ?? now;
        if (occurredAt > now + Incident.AllowedClockSkew)
        {
            v.Add("occurredAt", $"occurredAt {occurredAt:O} is in the future (server time is {now:O}).");
        }
        else if (occurredAt < now - MaxAge)
        {
            v.Add("occurredAt", $"occurredAt {occurredAt:O} is more than {MaxAge.TotalDays:0} days old.");
        }

        var explicitKey = Text(v, "id", incoming.IdempotencyKey, DetectionLimits.IdempotencyKeyLength - 3, "Id");
        if (!v.IsValid)
        {
            return (null, v.Errors);
        }

        var labelsJson = JsonSerializer.Serialize(labels);
        var idempotencyKey = explicitKey is not null
            ? "id:" + explicitKey
            : ContentKey(systemRef, kindText, incoming.Value, incoming.Threshold, labels, fingerprint, incoming.OccurredAt, action, summary);
        return (new PreparedSignal(index, source, idempotencyKey, KeyHash(source, idempotencyKey), system, kind, rawKind, incoming.Value, incoming.Threshold, labels, labelsJson,
            fingerprint, action, summary, occurredAt > now ? now : occurredAt, now, warning), null);
    }

    /// <summary>The same content always gives the same key, so a replayed payload is recognised whatever its order or spacing.</summary>
    internal static string ContentKey(string? system, string? kind, double? value, double? threshold,
        IReadOnlyDictionary<string, string> labels, string? fingerprint, DateTime? occurredAt, SignalAction action, string? summary)
    {
        var text = new StringBuilder()
            .Append(system?.ToLowerInvariant()).Append('\n')
            .Append(kind?.ToLowerInvariant()).Append('\n')
            .Append(value?.ToString("R", CultureInfo.InvariantCulture)).Append('\n')
            .Append(threshold?.ToString("R", CultureInfo.InvariantCulture)).Append('\n')
            .AppendJoin('\u001f', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)).Append('\n')
            .Append(fingerprint).Append('\n')
            .Append(occurredAt?.AsUtc().ToString("O", CultureInfo.InvariantCulture)).Append('\n')
            .Append((int)action).Append('\n')
            .Append(summary);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    internal static long KeyHash(string source, string idempotencyKey) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(source + "\n" + idempotencyKey)));

    private static Dictionary<string, string> PrepareLabels(Validator v, IReadOnlyDictionary<string, string>? labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (labels is null)
        {
            return result;
        }
        if (labels.Count > DetectionLimits.LabelCount)
        {
            v.Add("labels", $"At most {DetectionLimits.LabelCount} labels (it has {labels.Count}).");
            return result;
        }
        foreach (var (key, value) in labels)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > DetectionLimits.LabelKeyLength)
            {
                v.Add("labels", $"Label names must be 1 to {DetectionLimits.LabelKeyLength} characters ('{UnicodeText.Shorten(key)}').");
                continue;
            }
            if (!UnicodeText.IsValid(key))
            {
                v.Add("labels", UnicodeText.Refusal($"The label name '{UnicodeText.Shorten(key)}'"));
                continue;
            }
            if (value is null || value.Length > DetectionLimits.LabelValueLength)
            {
                v.Add($"labels.{key}", $"Label values must be at most {DetectionLimits.LabelValueLength} characters.");
                continue;
            }
            if (!UnicodeText.IsValid(value))
            {
                v.Add($"labels.{key}", UnicodeText.Refusal($"The value of label '{key}'"));
                continue;
            }
            result[key.Trim()] = value;
        }
        return result;
    }

    /// <summary>
    /// Finite numbers whose deviation (how far past the threshold, relative to it) is finite too: 1.7e308 against a
    /// threshold of 1e-300 is "infinitely" past it, which can be neither stored as evidence nor ranked.
    /// </summary>
    private static void CheckNumbers(Validator v, SignalKind kind, double? value, double? threshold)
    {
        var finite = true;
        foreach (var (field, number) in new[] { ("value", value), ("threshold", threshold) })
        {
            if (number is { } n && !double.IsFinite(n))
            {
                v.Add(field, $"{field} must be a finite number.");
                finite = false;
            }
        }
        if (finite && value is { } x && threshold is { } t && !double.IsFinite(CandidateEvidence.UnboundedDeviation(kind, x, t)))
        {
            v.Add("value", string.Create(CultureInfo.InvariantCulture,
                $"value {x:G6} is too far past its threshold {t:G6} to be compared (value and threshold must be within about 1e300 of each other's scale); send both in a unit that keeps them closer."));
        }
    }

    /// <summary>Trimmed text within its length that is real Unicode: a lone UTF-16 surrogate can be neither stored as UTF-8 nor written as JSON.</summary>
    private static string? Text(Validator v, string field, string? value, int maxLength, string label)
    {
        if (value is not null && !UnicodeText.IsValid(value))
        {
            v.Add(field, UnicodeText.Refusal(label));
            return null;
        }
        return v.OptionalText(field, value, maxLength, label);
    }
}
