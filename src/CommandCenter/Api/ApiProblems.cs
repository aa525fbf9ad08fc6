using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommandCenter.Core.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Api;

/// <summary>Writes RFC 7807 problem details, the one error shape of the API.</summary>
internal static class ApiProblems
{
    public static Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.TraceIdentifier);
        problem.Instance ??= context.Request.Path;
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        // Results.Problem goes through IProblemDetailsService and falls back to plain JSON when the Accept header
        // rules that out, so a client always gets a body.
        // Type is left to the framework's defaults (RFC 9110 section links), as on its own 404 and 415 problems.
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }

    public static ProblemDetails Create(int status, string title, string detail) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
    };

    /// <summary>429 is defined by RFC 6585, not RFC 9110, so the framework has no type link for it either.</summary>
    public static ProblemDetails TooManyRequests(string detail) => new()
    {
        Status = StatusCodes.Status429TooManyRequests,
        Title = "Too many requests.",
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc6585#section-4",
    };

    /// <summary>413; the framework's defaults have no type link for it, so it is given here in the same RFC 9110 style.</summary>
    public static ProblemDetails TooLarge(long limit) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "Request body too large.",
        Detail = RequestBodyLimit.TooLargeDetail(limit),
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
    };
}

/// <summary>
/// Maps the domain's exceptions to HTTP: validation 400 (with <c>errors</c> per camelCase field), not found 404,
/// forbidden 403, illegal move 409, unreadable body 400 (or the status the server chose, e.g. 413, 415).
/// Anything else is logged as an error and left to the default handler, which answers 500 without details.
/// </summary>
/// <remarks>
/// ASP.NET Core 9's ExceptionHandlerMiddleware logs every exception as an unhandled error before asking the handlers,
/// so a mistyped severity would log a stack trace; <see cref="ApiExtensions"/> silences that category and this
/// handler logs instead: expected outcomes at Information, the rest at Error. (.NET 10 adds SuppressDiagnosticsCallback.)
/// </remarks>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException e => new HttpValidationProblemDetails(e.Errors.ToDictionary(
                kv => JsonNamingPolicy.CamelCase.ConvertName(kv.Key), kv => kv.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Some fields need fixing.",
                Detail = e.Message,
            },
            NotFoundException e => ApiProblems.Create(StatusCodes.Status404NotFound, "Not found.", e.Message),
            ForbiddenActionException e => ApiProblems.Create(StatusCodes.Status403Forbidden, "Not allowed.", e.Message),
            InvalidTransitionException e => ApiProblems.Create(StatusCodes.Status409Conflict, "Not possible in the current state.", e.Message),
            DbUpdateConcurrencyException => ApiProblems.Create(StatusCodes.Status409Conflict, "Changed meanwhile.",
                "Someone else changed this incident at the same moment; reload and try again."),
            BadHttpRequestException e => BadRequest(e, httpContext.Request.Path),
            UnauthorizedAccessException e => ApiProblems.Create(StatusCodes.Status401Unauthorized, "Sign in first.", e.Message),
            ApiKeyRequiredException e => ApiProblems.Create(StatusCodes.Status401Unauthorized, "API key required.", e.Message),
            RateLimitedException e => ApiProblems.TooManyRequests(e.Message),
            _ => null,
        };
        switch (exception)
        {
            case ApiKeyRequiredException:
                httpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"CommandCenter ingestion\"";
                break;
            case RateLimitedException limited:
                httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(limited.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
        }
        if (problem is null)
        {
            LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
            return false;
        }
        LogRefused(problem.Status ?? 0, httpContext.Request.Method, httpContext.Request.Path, LogText.Escape(exception.Message));
        await ApiProblems.WriteAsync(httpContext, problem);
        return true;
    }

    [LoggerMessage(LogLevel.Information, "{Method} {Path} refused with {Status}: {Reason}")]
    private partial void LogRefused(int status, string method, string path, string reason);

    [LoggerMessage(LogLevel.Error, "{Method} {Path} failed")]
    private partial void LogUnhandled(Exception exception, string method, string path);

    /// <summary>
    /// An unreadable request, explained in the request's own terms: the framework's messages name parameter types
    /// ("Nullable&lt;bool&gt; active", "DeclareIncidentRequest body") and the JSON reader's name the .NET type it was
    /// filling, so neither is passed on; the field (or the JSON path) and the position are.
    /// </summary>
    private static ProblemDetails BadRequest(BadHttpRequestException exception, PathString path)
    {
        var status = exception.StatusCode;
        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.TooLarge(RequestBodyLimit.LimitFor(path));
        }
        if (status == StatusCodes.Status415UnsupportedMediaType)
        {
            return ApiProblems.Create(status, "Unsupported content type.", "Send the body as JSON (Content-Type: application/json).");
        }
        if (exception.InnerException is JsonException json)
        {
            return JsonProblem(status, json);
        }
        var message = exception.Message;
        if (BindFailure().Match(message) is { Success: true } bind)
        {
            var name = bind.Groups["name"].Value;
            var value = Shorten(bind.Groups["value"].Value);
            return Field(status, name, $"'{value}' is not a valid value for '{name}'.", $"'{value}' is not a valid value.");
        }
        if (Missing().Match(message) is { Success: true } missing)
        {
            return missing.Groups["source"].Value == "body"
                ? ApiProblems.Create(status, "The request body is missing.", "This endpoint needs a JSON body; see the OpenAPI description.")
                : Field(status, missing.Groups["name"].Value, $"'{missing.Groups["name"].Value}' is required.", "This value is required.");
        }
        if (message.Contains("anti-forgery", StringComparison.OrdinalIgnoreCase) || message.Contains("antiforgery", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Create(status, "The form has expired.", "Reload the page and submit the form again.");
        }
        if (!message.Contains("parameter \"", StringComparison.Ordinal) && !TypeLike().IsMatch(message))
        {
            // Our own endpoints' and the server's plain sentences ("The request body is empty (JSON null).").
            return ApiProblems.Create(status, "Bad request.", message);
        }
        return ApiProblems.Create(status, "Bad request.", "The request could not be read; check the address, query and body against the OpenAPI description.");
    }

    private static ProblemDetails JsonProblem(int status, JsonException json)
    {
        var where = json.LineNumber is { } line
            ? $" (line {line + 1}, position {json.BytePositionInLine.GetValueOrDefault() + 1})"
            : "";
        // A syntax error wraps the reader's own JsonException; a value of the wrong type does not.
        if (json.InnerException is JsonException)
        {
            var at = json.Path is { Length: > 1 } p ? $" at {Shorten(p)}" : "";
            return ApiProblems.Create(status, "The request body is not valid JSON.", $"The request body is not valid JSON{at}{where}.");
        }
        if (json.Path is null or "$")
        {
            return ApiProblems.Create(status, "The request body is not valid JSON.",
                json.Path is null
                    ? $"The request body is empty or not JSON{where}."
                    : "The request body must be a JSON object with the fields this endpoint documents.");
        }
        var field = json.Path is ['$', '.', .. var rest] && rest.Length > 0 && !rest.Contains('.') && !rest.Contains('[') ? rest : null;
        return field is null
            ? ApiProblems.Create(status, "The request body could not be read.", $"The value at {Shorten(json.Path)} has the wrong JSON type{where}.")
            : Field(status, field, $"The value of '{field}' has the wrong JSON type.", "This value has the wrong JSON type.", "The request body could not be read.");
    }

    private static HttpValidationProblemDetails Field(int status, string field, string detail, string message, string title = "Some fields need fixing.") =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = title,
            Detail = detail,
        };

    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "…";

    [GeneratedRegex("""^Failed to bind parameter "[^"]*?(?<name>[A-Za-z_][A-Za-z0-9_]*)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    /// <summary>A namespace-qualified name, a generic type, or a type name in parentheses such as "(SignalPayload)".</summary>
    [GeneratedRegex(@"\b[A-Z]\w*\.[A-Z]\w*|\w<\w|\([A-Z]\w*\)")]
    private static partial Regex TypeLike();

    [GeneratedRegex("""^Required parameter "[^"]*?(?<name>[A-Za-z_][A-Za-z0-9_]*)" was not provided from (?<source>\w+)""")]
    private static partial Regex Missing();
}
