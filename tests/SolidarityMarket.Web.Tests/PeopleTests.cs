using System.Collections.Generic;
using SolidarityMarket.Web.Admin;

namespace SolidarityMarket.Web.Tests;

/// <summary>How an administrators' page names a recorded actor: a user's e-mail when known, anything else as it is.</summary>
public sealed class PeopleTests
{
    [Fact]
    public void Known_ids_are_named_by_e_mail_and_job_names_unknown_ids_or_an_unanswered_look_up_stay_as_they_are()
    {
        var people = new People(new Dictionary<string, string>(StringComparer.Ordinal) { ["0193a1c2-0000-7000-8000-000000000001"] = "ada@test.coop" });

        Assert.Equal("ada@test.coop", people.Name("0193a1c2-0000-7000-8000-000000000001"));
        Assert.Equal("expiry", people.Name("expiry"));
        Assert.Equal("0193a1c2-0000-7000-8000-000000000002", people.Name("0193a1c2-0000-7000-8000-000000000002"));
        Assert.Equal("", people.Name(null));
        Assert.Equal("0193a1c2-0000-7000-8000-000000000001", People.Unnamed.Name("0193a1c2-0000-7000-8000-000000000001"));
    }
}
