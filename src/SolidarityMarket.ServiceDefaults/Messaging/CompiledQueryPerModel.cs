using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// An <see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(System.Linq.Expressions.Expression{Func{TContext, TParam1, CancellationToken, TResult}})"/>
/// delegate per EF model. A compiled query skips EF's per-call expression work (funcletizer, query-cache look-up:
/// a tenth of the checkout's CPU in the profile, docs/performance.md), but it binds to the first model it runs on
/// and throws for any other. One process can hold several models of one context type (the SQLite and PostgreSQL
/// subclasses, or hosts with their own EF service providers in the tests), so each model gets its own delegate.
/// </summary>
public sealed class CompiledQueryPerModel<TDelegate>(Func<TDelegate> compile)
    where TDelegate : class
{
    private readonly ConditionalWeakTable<IModel, TDelegate> _byModel = new();

    public TDelegate For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
