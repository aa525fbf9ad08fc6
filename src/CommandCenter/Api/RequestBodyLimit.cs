using Microsoft.AspNetCore.Http.Features;

namespace CommandCenter.Api;

/// <summary>
/// Caps request bodies under /api at 64 KiB (1 MiB for signal batches) with a 413 problem. Checked here rather than only through Kestrel's
/// limit so it also holds under TestServer and behind proxies: a declared Content-Length is checked up front, and
/// a body of unknown length is read at most one byte past the limit, then replayed from memory.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next)
{
    public const long MaxBytes = 64 * 1024;

    /// <summary>Signal batches (up to 1,000 signals) and webhook payloads.</summary>
    public const long IngestionMaxBytes = 1024 * 1024;

    public static long LimitFor(PathString path) =>
        path.StartsWithSegments("/api/signals") || path.StartsWithSegments("/api/integrations") ? IngestionMaxBytes
        : path.StartsWithSegments("/api/incidents") && path.Value!.EndsWith("/evidence", StringComparison.OrdinalIgnoreCase) ? EvidenceEndpoints.UploadMaxBytes
        : MaxBytes;

    public static string TooLargeDetail(long limit) => $"This endpoint accepts request bodies up to {limit / 1024} KiB ({limit} bytes).";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            await next(context);
            return;
        }
        var limit = LimitFor(request.Path);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrelLimit)
        {
            kestrelLimit.MaxRequestBodySize = limit;
        }
        if (request.ContentLength is { } declared)
        {
            if (declared > limit)
            {
                await RejectAsync(context, limit);
                return;
            }
        }
        else if (!await BufferWithinLimitAsync(request, limit, context.RequestAborted))
        {
            await RejectAsync(context, limit);
            return;
        }
        await next(context);
    }

    private static async Task<bool> BufferWithinLimitAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[limit + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }
        if (length > limit)
        {
            return false;
        }
        request.Body = new MemoryStream(buffer, 0, length, writable: false);
        request.ContentLength = length;
        return true;
    }

    private static Task RejectAsync(HttpContext context, long limit) => ApiProblems.WriteAsync(context, ApiProblems.TooLarge(limit));
}
