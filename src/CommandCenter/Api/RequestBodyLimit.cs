using Microsoft.AspNetCore.Http.Features;

namespace CommandCenter.Api;

/// <summary>
/// Caps request bodies under /api at 64 KiB with a 413 problem. Checked here rather than only through Kestrel's
/// limit so it also holds under TestServer and behind proxies: a declared Content-Length is checked up front, and
/// a body of unknown length is read at most one byte past the limit, then replayed from memory.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next)
{
    public const long MaxBytes = 64 * 1024;

    public static string TooLargeDetail { get; } = $"The API accepts request bodies up to {MaxBytes / 1024} KiB ({MaxBytes} bytes).";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            await next(context);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrelLimit)
        {
            kestrelLimit.MaxRequestBodySize = MaxBytes;
        }
        if (request.ContentLength is { } declared)
        {
            if (declared > MaxBytes)
            {
                await RejectAsync(context);
                return;
            }
        }
        else if (!await BufferWithinLimitAsync(request, context.RequestAborted))
        {
            await RejectAsync(context);
            return;
        }
        await next(context);
    }

    private static async Task<bool> BufferWithinLimitAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }
        if (length > MaxBytes)
        {
            return false;
        }
        request.Body = new MemoryStream(buffer, 0, length, writable: false);
        request.ContentLength = length;
        return true;
    }

    private static Task RejectAsync(HttpContext context) => ApiProblems.WriteAsync(context, ApiProblems.TooLarge());
}
