namespace WeQuick.Sdk;

public sealed partial class WeQuickClient
{
    /// <summary>
    /// An account's saved items (收藏) as its client's latest list gave them, in one page (second generation: ask the
    /// client for them again with the <c>getFavorites</c> command). Empty until a list came.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Page<Favorite>> ListFavoritesAsync(string account, CancellationToken cancellationToken = default) =>
        GetAsync($"/api/v1/accounts/{Seg(account)}/favorites", SdkJsonContext.Default.PageFavorite, cancellationToken);
}
