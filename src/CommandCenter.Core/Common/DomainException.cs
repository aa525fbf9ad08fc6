namespace CommandCenter.Core.Common;

/// <summary>A rule of the domain was broken. The message is written for the person who tried.</summary>
public abstract class DomainException(string message) : Exception(message);

/// <summary>The move is not legal from the current state (HTTP 409).</summary>
public sealed class InvalidTransitionException(string message) : DomainException(message);

/// <summary>The thing named does not exist (HTTP 404).</summary>
public sealed class NotFoundException(string message) : DomainException(message);

/// <summary>The person is not allowed to do this (HTTP 403).</summary>
public sealed class ForbiddenActionException(string message) : DomainException(message);

/// <summary>Input was wrong; each field says what to fix (HTTP 400).</summary>
public sealed class ValidationException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException("Some fields need fixing: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
