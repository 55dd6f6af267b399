using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.ServiceDefaults.Tests.Hosting;

public sealed class HostCommandTests
{
    [Fact]
    public void Without_a_command_every_argument_goes_to_the_web_host()
    {
        var command = HostCommand.Parse(["--Modules=Catalog", "--urls=http://0.0.0.0:5081"]);

        Assert.False(command.IsCommand);
        Assert.Equal(["--Modules=Catalog", "--urls=http://0.0.0.0:5081"], command.HostArguments);
    }

    [Fact]
    public void Migrate_is_taken_out_of_the_web_host_arguments()
    {
        var command = HostCommand.Parse(["--Modules=Ledger", "migrate"]);

        Assert.Equal("migrate", command.Name);
        Assert.Null(command.Error);
        Assert.Equal(["--Modules=Ledger"], command.HostArguments);
    }

    [Theory]
    [InlineData("grant-admin")]
    [InlineData("revoke-admin")]
    public void An_admin_command_takes_the_email_after_it(string name)
    {
        var command = HostCommand.Parse([name, "ops@coop.example", "--Database:Provider=Postgres"]);

        Assert.Equal(name, command.Name);
        Assert.Equal("ops@coop.example", command.Email);
        Assert.Null(command.Error);
        Assert.Equal(["--Database:Provider=Postgres"], command.HostArguments);
    }

    [Fact]
    public void An_admin_command_without_an_email_is_a_usage_error_and_does_not_take_the_next_setting()
    {
        var command = HostCommand.Parse(["grant-admin", "--Modules=Catalog"]);

        Assert.Equal("grant-admin", command.Name);
        Assert.Null(command.Email);
        Assert.Equal("usage: grant-admin EMAIL (the e-mail of a registered user)", command.Error);
        Assert.Equal(["--Modules=Catalog"], command.HostArguments);
    }
}
