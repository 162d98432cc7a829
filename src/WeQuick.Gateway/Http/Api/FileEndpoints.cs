using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>Files: have the client upload one of its files.</summary>
internal static class FileEndpoints
{
    public static RouteGroupBuilder MapFileEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/accounts/{wxid}/files/upload", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<UploadFileRequest>(wxid, query, http, submitter, (b, e) => new UploadFileCommand
                {
                    FileUrl = e.PathOrUrl("path", b.Path),
                    UpUrl = e.Url("uploadUrl", b.UploadUrl),
                }))
            .WithTags("Files")
            .Command<UploadFileRequest>("UploadFile", "Upload a client file (uploadFile)",
                "The client uploads the file at path to uploadUrl; resUploadFile brings the server's reply, which finishes the command.");
        return api;
    }
}
