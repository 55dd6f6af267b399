using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features.Certification;

/// <summary>Administrators: the review queue — applications by status (default: submitted), oldest first, paged.</summary>
public static class ListCertificationApplications
{
    public const int MaxPageSize = 100;

    /// <summary>As search's: (page - 1) * pageSize must fit an int, or PostgreSQL gets a negative OFFSET (a 500).</summary>
    public const int MaxPage = 10_000;

    public sealed record CertificationApplicationPage(IReadOnlyList<CertificationApplicationDto> Items, int PageNumber, int PageSize, int Total);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/certification/applications", Handle)
            .RequireAuthorization(Policies.Admin)
            .WithName("ListCertificationApplications")
            .WithSummary("Administrators: certification applications by status, oldest first");

    public static async Task<Results<Ok<CertificationApplicationPage>, ValidationProblem>> Handle(
        CatalogDbContext db, CancellationToken ct, string? status = null, Guid? vendorId = null, int page = 1, int pageSize = 20)
    {
        var wanted = CertificationApplicationStatus.Submitted;
        var errors = new RequestErrors()
            .Require(status is null || EnumNames.TryParse(status, out wanted),
                "status", $"status must be one of {string.Join(", ", Enum.GetNames<CertificationApplicationStatus>())}.")
            .Require(page is >= 1 and <= MaxPage, "page", $"page must be between 1 and {MaxPage}.")
            .Require(pageSize is >= 1 and <= MaxPageSize, "pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var query = db.CertificationApplications.AsNoTracking().Where(a => a.Status == wanted);
        if (vendorId is { } vendor)
        {
            query = query.Where(a => a.VendorId == vendor);
        }

        var total = await query.CountAsync(ct);
        var items = await query.Include(a => a.Answers)
            .OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(ct);
        return TypedResults.Ok(new CertificationApplicationPage(items.Select(CertificationApplicationDto.From).ToList(), page, pageSize, total));
    }
}
