using CommandCenter.Api;
using CommandCenter.Components;
using CommandCenter.Core;
using CommandCenter.Core.Persistence;
using CommandCenter.Hubs;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;
using Radzen;

namespace CommandCenter.Extensions;

public static class WebExtensions
{
    /// <summary>Everything the web app registers: the domain, Blazor + Radzen, the API, the hub, sign-in.</summary>
    public static WebApplicationBuilder AddCommandCenterWeb(this WebApplicationBuilder builder)
    {
        // Serves _content/* and our wwwroot from the build output in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        services.AddCommandCenterCore(builder.Configuration);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/signin";
                options.LogoutPath = "/signout";
                options.Cookie.Name = "commandcenter.who";
                options.ExpireTimeSpan = TimeSpan.FromDays(30);
                options.SlidingExpiration = true;
            });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<CurrentUser>();

        services.AddCommandCenterApi();
        services.AddCommandCenterHub();

        services.AddHealthChecks().AddDbContextCheck<CommandCenterDbContext>("database");
        return builder;
    }

    public static WebApplication UseCommandCenterWeb(this WebApplication app)
    {
        app.UseCommandCenterApiErrors();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseStatusCodePages();

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapSignInEndpoints();
        app.MapCommandCenterApi();
        app.MapCommandCenterHub();
        app.MapHealthChecks("/health").AllowAnonymous();
        return app;
    }
}
