using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeQuick.Gateway.Commands;
using WeQuick.Protocol;

namespace WeQuick.Gateway.Http.Api;

/// <summary>Files: have the client upload one of its files, download one, or decrypt one of WeChat's pictures.</summary>
internal static class FileEndpoints
{
    public static RouteGroupBuilder MapFileEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/accounts/{wxid}/files/upload", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter, CommandService commands) =>
                CommandFlow.ByGenerationAsync<UploadFileRequest>(wxid, query, http, submitter, commands, (b, e, g) =>
                    GenerationCommands.Upload(g, wxid, e.PathOrUrl("path", b.Path), e.Url("uploadUrl", b.UploadUrl))))
            .WithTags("Files")
            .Command<UploadFileRequest>("UploadFile", "Upload a client file (uploadFile)",
                "The client uploads the file at path to uploadUrl; resUploadFile brings the server's reply, which finishes the command.");
        api.MapPost("/accounts/{wxid}/files/download", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<DownloadFileRequest>(wxid, query, http, submitter, (b, e) => new DownloadFileCommand { Account = wxid, Url = e.Url("url", b.Url) }))
            .WithTags("Files")
            .Command<DownloadFileRequest>("DownloadFile", "Have the client download a file to its machine (downloadFile)",
                "Second-generation clients only. The client fetches url onto its machine (the document says no more of where), so it can send it as an image, file or video.");
        api.MapPost("/accounts/{wxid}/files/decrypt-picture", (string wxid, [AsParameters] CommandQuery query, HttpContext http, CommandSubmitter submitter) =>
                CommandFlow.ToAccountAsync<DecryptPictureRequest>(wxid, query, http, submitter, (b, e) => new DecryptPicCommand
                {
                    SrcFile = e.ClientPath("source", b.Source),
                    TarFile = e.ClientPath("target", b.Target),
                }))
            .WithTags("Files")
            .Command<DecryptPictureRequest>("DecryptPicture", "Decrypt one of WeChat's pictures on the client machine (decryptPic)",
                "Second-generation clients only. source is the encrypted .dat file a picture message names, target where the JPEG goes; answered by reportDecryptPicMessage.");
        return api;
    }
}
