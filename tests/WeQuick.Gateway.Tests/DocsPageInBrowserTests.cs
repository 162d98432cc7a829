using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WeQuick.Gateway.Auth;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Tests.Infrastructure;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Tests;

/// <summary>
/// The docs page (<c>/docs</c>) in a real browser, as a newcomer uses it: paste a key into its authentication field,
/// open "Send a message", fill the request, send; the command reaches the account's client. The page may ask for
/// nothing beyond the gateway.
/// </summary>
public sealed class DocsPageInBrowserTests
{
    [BrowserFact]
    public async Task A_text_sent_from_the_docs_page_with_a_pasted_key_is_handed_to_the_accounts_client()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 811);
        await client.LogInAsync("wxid_docs1");
        // With a key in the store the API takes no request without one: the send below gets through only with the pasted key.
        var key = ApiKeys.Generate();
        await gateway.Store.CreateApiKeyAsync(ApiKeys.ToRecord(key, "docs-page", ApiScope.Send, gateway.Time.GetUtcNow()), CancellationToken.None);
        var text = "sent from the docs page " + Guid.NewGuid().ToString("N")[..8];

        await using var browser = await Browser.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(gateway.BaseAddress, "/docs").ToString());

        // The page's authentication field (Bearer), as a user pastes a key.
        await page.GetByPlaceholder("Token").First.FillAsync(key);

        // The operation, from the sidebar, and its request in the page's client.
        await page.GetByText("Messages", new() { Exact = true }).First.ClickAsync();
        await page.GetByText("Send a message", new() { Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test Request (post /api/v1/accounts/{wxid}/messages)" }).ClickAsync();
        var request = page.GetByRole(AriaRole.Dialog);

        // The path's wxid (the first value of the request's table) and the body the page filled from the example.
        await request.GetByRole(AriaRole.Combobox, new() { Name = "Value" }).First.FillAsync("wxid_docs1");
        await request.Locator(".cm-content").ClickAsync();
        await page.Keyboard.PressAsync("ControlOrMeta+A");
        await page.Keyboard.InsertTextAsync($$"""{"type": "text", "to": "wxid_friend", "text": "{{text}}"}""");
        var accepted = new Regex(@"\b202\b");
        await Assertions.Expect(request).Not.ToContainTextAsync(accepted);
        await request.GetByRole(AriaRole.Button, new() { Name = "Send post request" }).First.ClickAsync();

        // The gateway queued it for the account: the client's next poll is handed the text.
        SendTextMessageCommand? sent = null;
        var deadline = DateTime.UtcNow + Browser.StepTimeout;
        while ((sent = (await client.PollAsync()).OfType<SendTextMessageCommand>().FirstOrDefault()) is null)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("the client was handed no sendTextMessage; the page's request shows: " + await request.InnerTextAsync());
            }

            await Task.Delay(20);
        }

        Assert.Equal("wxid_friend", sent.Wxid);
        Assert.Equal(text, sent.Text);

        // The page shows the gateway's answer: 202 Accepted.
        await Assertions.Expect(request).ToContainTextAsync(accepted, new() { Timeout = (float)Browser.StepTimeout.TotalMilliseconds });
        Assert.True(browser.Foreign.Count == 0, "the docs page asked for URLs beyond the gateway: " + string.Join(", ", browser.Foreign));
        Assert.Empty(gateway.Logs.Errors);
    }
}
