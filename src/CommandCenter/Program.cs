using CommandCenter.Core.Persistence;
using CommandCenter.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddCommandCenterWeb();

var app = builder.Build();
await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
app.UseCommandCenterWeb();
app.Run();

/// <summary>Entry point, public so WebApplicationFactory can host the app in API tests.</summary>
public partial class Program;
