using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Queries;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>Transfers: accept one, or send one back.</summary>
internal static class TransferEndpoints
{
    public static RouteGroupBuilder MapTransferEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/accounts/{wxid}/transfers/{transferId}/accept", AcceptAsync)
            .WithTags("Transfers")
            .Command<AcceptTransferRequest>("AcceptTransfer", "Accept a transfer (acceptBankTransfer)",
                "transferId comes from the reportTransferMessage; the sender (from) is taken from the stored transfer when not given.", optionalBody: true);
        api.MapPost("/accounts/{wxid}/transfers/{transferId}/refuse", (string wxid, string transferId, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync(wxid, query, http, submitter, e => new RefuseFriendWcpayCommand { TransferId = TransferIdOf(e, transferId) }))
            .WithTags("Transfers")
            .Command("RefuseTransfer", "Send a transfer back (refuseFriendWcpay)",
                "Second-generation clients only. transferId comes from the reportTransferMessage; the money goes back to the sender.");
        return api;
    }

    internal static async Task<CommandResults> AcceptAsync(string wxid, string transferId, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, StateQueries queries)
    {
        var (body, problem) = await ApiBody.ReadAsync(http.Request, new AcceptTransferRequest());
        if (problem is not null)
        {
            return problem;
        }

        var from = body!.From;
        if (from is null)
        {
            if (!CommandSubmitter.TryAccount(wxid, out _, out var malformed))
            {
                return malformed!;
            }

            if (!await queries.AccountExistsAsync(wxid, http.RequestAborted))
            {
                return ApiProblems.UnknownAccount(wxid);
            }

            var stored = transferId.Length is > 0 and <= 128 ? await queries.TransferAsync(wxid, transferId, http.RequestAborted) : null;
            from = stored?.Conversation;
            if (from is null)
            {
                return ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-transfer", "No such transfer",
                    $"account '{wxid}' has no stored transfer '{FieldErrors.Shown(transferId)}'; pass the sender as {{\"from\": wxid}}");
            }
        }

        return await CommandFlow.ToAccountAsync(wxid, query, http, submitter, e =>
        {
            return new AcceptBankTransferCommand { TransferId = TransferIdOf(e, transferId), Wxid = e.User("from", from) };
        });
    }

    private static string TransferIdOf(FieldErrors errors, string transferId)
    {
        if (transferId.Length is 0 or > 128 || transferId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add("transferId", "must be the transfer's id from its reportTransferMessage (1-128 characters, no spaces)");
        }

        return transferId;
    }
}
