using SolidarityMarket.Web.Tests;

// One seeded marketplace (and one browser) for every test class of this project.
[assembly: AssemblyFixture(typeof(MarketWorld))]
