// The baseline of the gateway benchmarks: Kestrel reading the whole body of a report and answering [], or
// answering a command poll with [], nothing else.
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
app.MapGet("/send_msg", () => Results.Bytes(empty, "application/json; charset=utf-8"));
await app.RunAsync();
