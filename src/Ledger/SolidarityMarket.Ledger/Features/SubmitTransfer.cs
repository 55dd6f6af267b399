using System.Security.Claims;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/transfers</c>. A single trade (the default code) is planned by the ledger: a fee leg when
/// the exchange charges one, and the two clearing legs when payer and payee are in different exchanges — all one
/// linked batch. <c>{"linked": [...]}</c> submits raw transfers all-or-nothing — administrators only, because raw
/// transfers skip the trade planner and so its fees. The client's id makes it idempotent: a retry returns the stored result (200), the same
/// id with other fields is a 409. A version 8 id is refused (400): that space is the ledger's derived ids.
/// </summary>
public static class SubmitTransfer
{
    public sealed record Item(
        Guid? Id, Guid? DebitAccountId, Guid? CreditAccountId, long? Amount, string? Code, string? Memo,
        string? OrderReference, bool Hold = false, long? HoldTimeoutSeconds = null);

    public sealed record Request(
        Guid? Id, Guid? DebitAccountId, Guid? CreditAccountId, long? Amount, string? Code, string? Memo,
        string? OrderReference, bool Hold = false, long? HoldTimeoutSeconds = null, List<Item>? Linked = null);

    public static void Map(IEndpointRouteBuilder group) => group.MapPost("/transfers", Handle).WithName("SubmitTransfer")
        .WithSummary("Pay another account (a trade), place a hold, or submit a linked batch");

    public static async Task<IResult> Handle(
        Request request, ClaimsPrincipal user, ReadContextPool<LedgerDbContext> contexts, LedgerAccess access, LedgerWriter writer,
        IOptions<LedgerOptions> options, CancellationToken ct)
    {
        var single = new Item(request.Id, request.DebitAccountId, request.CreditAccountId, request.Amount, request.Code, request.Memo, request.OrderReference, request.Hold, request.HoldTimeoutSeconds);
        var items = request.Linked ?? [single];
        var errors = Validate(request, items, options.Value);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var codes = items.Select(i => ParseCode(i.Code)!.Value).ToList();
        var isAdmin = user.IsAdmin();
        var isPlannedTrade = request.Linked is null && codes[0] == TransferCode.Trade;
        if (!isAdmin && !isPlannedTrade)
        {
            // Refused either way; the holder check first, so what a non-holder learns is unchanged ("not found").
            if (await FirstNotHeldAsync(user, items, access, ct) is { } notHeld)
            {
                return notHeld;
            }

            return LedgerProblems.Forbidden("Only administrators submit linked batches and transfers other than trades (settlements, adjustments, ...): they bypass the trade's fee and clearing legs.");
        }

        TransferWork work;
        SubmitResult result;
        if (isPlannedTrade)
        {
            // Planning reads the database only for accounts and exchanges not yet in the writer's directory; a pooled
            // context serves that, as the request writes nothing itself (the writer has its own contexts).
            await using var db = contexts.Rent();
            var planned = await PlanTradeAsync(db, single, writer, options.Value, stored: null, ct);
            if (planned.Rejection is { } refused)
            {
                // Rare (an unknown account, no clearing path): a non-holder still gets "not found" before the reason.
                return (isAdmin ? null : await FirstNotHeldAsync(user, items, access, ct)) ?? LedgerProblems.From(refused);
            }

            // A member spends only from an account they hold: checked by the writer, in the batch's transaction under
            // the exchange lock, where it reads the accounts anyway: one read per batch, not one query per request.
            var holderCheck = isAdmin ? null : new HolderCheck(user.UserId(), single.DebitAccountId!.Value);
            work = TransferWork.ForPlan(planned.Plan!, holderCheck);
            result = await writer.SubmitAsync(work, ct);

            // A retry planned at today's fee rate or default hold timeout differs from the trade stored under its id
            // when either changed since: planned again at the stored ones, identical client fields are the replay
            // they are (anything else stays the conflict it was).
            if (result.Rejection is { Category: RejectionCategory.Conflict } && work.RefusedAccountId is null
                && await StoredTradeBasis.LoadAsync(db, single.Id!.Value, ct) is { } stored
                && await PlanTradeAsync(db, single, writer, options.Value, stored, ct) is { Plan: { } replanned })
            {
                work = TransferWork.ForPlan(replanned, holderCheck);
                result = await writer.SubmitAsync(work, ct);
            }
        }
        else
        {
            var requests = items.Select((i, n) => ToRequest(i, codes[n], options.Value)).ToList();
            work = new TransferWork(request.Linked is null ? LedgerCommand.Submit(requests[0]) : LedgerCommand.SubmitLinked(requests));
            result = await writer.SubmitAsync(work, ct);
        }

        if (work.RefusedAccountId is { } notHeldAccount)
        {
            access.LogRefused(user, notHeldAccount);
            return LedgerProblems.NotFound($"Account {notHeldAccount}");
        }

        if (result.Rejection is { } rejection)
        {
            return LedgerProblems.From(rejection);
        }

        var body = new TransferResultDto(result.IsReplay, result.Transfers.Select(t => TransferDto.From(t, work.Plan?.TradeId)).ToList());
        return result.IsReplay ? TypedResults.Ok(body) : TypedResults.Created($"/api/ledger/transfers/{body.Transfers[0].Id}", body);
    }

    /// <summary>Plans the trade at today's fee rate and default hold timeout, or at those of the trade <paramref name="stored"/> under its id.</summary>
    private static Task<TradePlanResult> PlanTradeAsync(
        LedgerDbContext db, Item single, LedgerWriter writer, LedgerOptions options, StoredTradeBasis? stored, CancellationToken ct)
    {
        var timeout = !single.Hold ? (TimeSpan?)null
            : single.HoldTimeoutSeconds is null && stored?.HoldTimeout is { } storedDefault ? storedDefault
            : Timeout(single, options);
        return TradePlanning.PlanAsync(db, writer.Directory, new TradeIntentInput(
            single.Id!.Value, single.DebitAccountId!.Value, single.CreditAccountId!.Value, single.Amount!.Value,
            single.Memo ?? "", single.OrderReference, timeout, stored?.FeeBasisPoints), ct);
    }

    /// <summary>"Not found" for the first debit account the user does not hold (logged), else null.</summary>
    private static async Task<IResult?> FirstNotHeldAsync(ClaimsPrincipal user, List<Item> items, LedgerAccess access, CancellationToken ct)
    {
        foreach (var debit in items.Select(i => i.DebitAccountId!.Value).Distinct())
        {
            if (!await access.HoldsAsync(user, debit, ct))
            {
                return LedgerProblems.NotFound($"Account {debit}");
            }
        }

        return null;
    }

    private static TransferRequest ToRequest(Item i, TransferCode code, LedgerOptions options) => i.Hold
        ? TransferRequest.Hold(i.Id!.Value, i.DebitAccountId!.Value, i.CreditAccountId!.Value, i.Amount!.Value, Timeout(i, options), code, i.Memo ?? "", i.OrderReference)
        : TransferRequest.Direct(i.Id!.Value, i.DebitAccountId!.Value, i.CreditAccountId!.Value, i.Amount!.Value, code, i.Memo ?? "", i.OrderReference);

    private static TimeSpan Timeout(Item i, LedgerOptions options) =>
        i.HoldTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.DefaultHoldTimeout;

    private static TransferCode? ParseCode(string? code) =>
        code is null ? TransferCode.Trade
        : EnumNames.TryParse<TransferCode>(code, out var parsed) ? parsed
        : null;

    // Built once: the messages are arguments, so they are built for every request, valid or not.
    private static readonly string CodeMessage = $"code must be one of {string.Join(", ", Enum.GetNames<TransferCode>())}.";

    // Version 8 is the space of the ids the ledger derives (post, void, reversal, fee and clearing legs, payments of
    // payment requests): predictable, so a client could take one in advance and block that settlement for good.
    private const string ReservedIdMessage =
        "id must be a client-generated GUID (version 4 or 7): version 8 is reserved for the ids the ledger derives.";

    private static RequestErrors Validate(Request request, List<Item> items, LedgerOptions options)
    {
        var errors = new RequestErrors();
        if (request.Linked is not null)
        {
            errors.Require(request.Id is null && request.DebitAccountId is null && request.CreditAccountId is null && request.Amount is null,
                "linked", "Send either one transfer or a linked batch, not both.");
            errors.Require(request.Linked.Count is > 0 && request.Linked.Count <= options.Policy.MaxLinkedBatchSize,
                "linked", $"A linked batch has 1 to {options.Policy.MaxLinkedBatchSize} transfers.");
        }

        for (var n = 0; n < items.Count; n++)
        {
            var at = request.Linked is null ? "" : $"linked[{n}].";
            var i = items[n];
            if (i is null)
            {
                // JSON null inside the array: nothing to check field by field (and dereferencing it was a 500).
                errors.Add($"linked[{n}]", "Each linked item must be a transfer object, not null.");
                continue;
            }

            errors.Require(i.Id is { } id && id != Guid.Empty, at + "id", "id is required: the client's id makes the transfer idempotent.")
                .Require(i.Id is not { } given || !DeterministicId.IsReserved(given), at + "id", ReservedIdMessage)
                .Require(i.DebitAccountId is { } d && d != Guid.Empty, at + "debitAccountId", "debitAccountId is required.")
                .Require(i.CreditAccountId is { } c && c != Guid.Empty, at + "creditAccountId", "creditAccountId is required.")
                .Require(i.Amount is > 0, at + "amount", "amount must be a positive whole number of hundredths.")
                .Require(ParseCode(i.Code) is not null, at + "code", CodeMessage)
                .Require((i.Memo?.Length ?? 0) <= options.Policy.MaxMemoLength, at + "memo", $"memo must be at most {options.Policy.MaxMemoLength} characters.")
                .Require((i.OrderReference?.Length ?? 0) <= options.Policy.MaxOrderReferenceLength, at + "orderReference", $"orderReference must be at most {options.Policy.MaxOrderReferenceLength} characters.")
                .Require(i.HoldTimeoutSeconds is null || (i.Hold && i.HoldTimeoutSeconds > 0 && i.HoldTimeoutSeconds <= options.Policy.MaxHoldTimeout.TotalSeconds),
                    at + "holdTimeoutSeconds", $"holdTimeoutSeconds applies to holds and must be between 1 and {options.Policy.MaxHoldTimeout.TotalSeconds:0}.");
        }

        return errors;
    }
}
