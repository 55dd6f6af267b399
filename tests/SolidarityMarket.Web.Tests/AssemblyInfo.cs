using SolidarityMarket.Web.Tests;

// One seeded marketplace (and one browser) for every test class of this project.
[assembly: AssemblyFixture(typeof(MarketWorld))]

// Each test's browser contexts are closed when it ends, not when the world's browser closes.
[assembly: CloseBrowserContextsAfterEachTest]
