namespace WeQuick.Sdk;

public sealed partial class WeQuickClient
{
    /// <summary>Every account that has reported to the gateway (<c>GET /api/v1/accounts</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken cancellationToken = default) =>
        ListAllAsync("/api/v1/accounts", SdkJsonContext.Default.PageAccount, cancellationToken);

    /// <summary>One account (<c>GET /api/v1/accounts/{wxid}</c>); 404 <c>unknown-account</c> when it never reported.</summary>
    /// <param name="account">The account's wxid.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Account> GetAccountAsync(string account, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/accounts/{Seg(account)}", SdkJsonContext.Default.Account, cancellationToken);

    /// <summary>Every WeChat instance that has polled the gateway (<c>GET /api/v1/instances</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<IReadOnlyList<Instance>> ListInstancesAsync(CancellationToken cancellationToken = default) =>
        ListAllAsync("/api/v1/instances", SdkJsonContext.Default.PageInstance, cancellationToken);

    /// <summary>Opens another WeChat process (<c>openWeChat</c>) through the client of instance <paramref name="pid"/>, or of the most recently heard-from one.</summary>
    /// <param name="pid">An instance whose client opens the new WeChat; null for the most recent online one.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> OpenWeChatAsync(int? pid = null, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, "/api/v1/instances", new PidBody(pid), SdkJsonContext.Default.PidBody, options, cancellationToken);

    /// <summary>Asks instance <paramref name="pid"/> for its login QR code (<c>getLoginQrCode</c>); the answer is a <c>LoginQrCodeReport</c>.</summary>
    /// <param name="pid">The WeChat process id.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> GetLoginQrCodeAsync(int pid, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/instances/{Num(pid)}/login-qr", null, options, cancellationToken);

    /// <summary>The latest login QR code of instance <paramref name="pid"/> as image bytes (usually PNG); 404 <c>no-qr-code</c> when none is pending.</summary>
    /// <param name="pid">The WeChat process id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<byte[]> GetLoginQrImageAsync(int pid, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, $"/api/v1/instances/{Num(pid)}/qr.png");
        using var response = await SendRawAsync(request, TimeSpan.Zero, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Ends the WeChat process <paramref name="pid"/> (<c>closeProcess</c>).</summary>
    /// <param name="pid">The WeChat process id.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> CloseProcessAsync(int pid, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Delete, $"/api/v1/instances/{Num(pid)}", null, options, cancellationToken);

    /// <summary>Asks an account for its login status (<c>getLoginStatus</c>); the answer is a <c>LoginStatusReport</c> (code 1: logged in).</summary>
    /// <param name="account">The account's wxid.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> GetLoginStatusAsync(string account, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/login-status", null, options, cancellationToken);

    /// <summary>Logs the account out (<c>logout</c>); the answer is a <c>LogoutResultReport</c>.</summary>
    /// <param name="account">The account's wxid.</param>
    /// <param name="options">Wait, queue, idempotency.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<CommandRecord> LogoutAsync(string account, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync(HttpMethod.Post, $"/api/v1/accounts/{Seg(account)}/logout", null, options, cancellationToken);
}
