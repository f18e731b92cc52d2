using Indicators.Web.Portal;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();
var app = builder.Build();
app.UsePortal();
app.Run();

/// <summary>The portal's entry point (public for the in-process tests).</summary>
public partial class Program;
