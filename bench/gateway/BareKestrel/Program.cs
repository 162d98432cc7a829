// The baseline of the receive_msg benchmark: Kestrel reading the whole body and answering [], nothing else.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var empty = "[]"u8.ToArray();
app.MapPost("/recieve_msg", async (HttpRequest request) =>
{
    var buffer = new byte[request.ContentLength ?? 0];
    await request.Body.ReadExactlyAsync(buffer);
    return Results.Bytes(empty, "application/json; charset=utf-8");
});
await app.RunAsync();
