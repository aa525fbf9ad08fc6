namespace CommandCenter.Api;

/// <summary>
/// A request whose path holds control characters (<c>/api/incidents/%0A</c>) is answered with a 400 problem before
/// anything looks at it. Kestrel already refuses some of these itself (NUL, with an empty 400); this gives every host,
/// and the characters Kestrel lets through (<c>%0A</c>, <c>%07</c>), the same answer as the rest of the API.
/// </summary>
internal sealed class RequestTargetCheck(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.Any(char.IsControl))
        {
            return next(context);
        }
        return ApiProblems.WriteAsync(context, ApiProblems.Create(StatusCodes.Status400BadRequest, "Bad request target.",
            "The address contains control characters; no resource here has them in its name."));
    }
}
