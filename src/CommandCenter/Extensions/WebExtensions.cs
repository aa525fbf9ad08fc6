using CommandCenter.Api;
using CommandCenter.Components;
using CommandCenter.Core;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Simulation;
using CommandCenter.Hubs;
using CommandCenter.Identity;
using CommandCenter.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using CommandCenter.Components.Common;
using MudBlazor.Services;

namespace CommandCenter.Extensions;

public static class WebExtensions
{
    /// <summary>Everything the web app registers: the domain, Blazor + MudBlazor, the API, the hub, sign-in.</summary>
    public static WebApplicationBuilder AddCommandCenterWeb(this WebApplicationBuilder builder)
    {
        // Serves _content/* and our wwwroot from the build output in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        services.AddCommandCenterCore(builder.Configuration);
        // Tests stay deterministic: no live demo feed in the Testing environment whatever the settings say.
        if (!builder.Environment.IsEnvironment("Testing"))
        {
            services.AddCommandCenterLiveDemo(builder.Configuration);
        }

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<ActionRunner>();
        services.AddScoped<Components.Incidents.WarRoom.IncidentState>();
        services.AddScoped<Components.Incidents.WarRoom.IncidentActions>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        new IdentityBuilder(typeof(AppUser), services)
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>();
        // SessionValidation checks the stamp on every request; this only says how often the claims are rebuilt.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/signin";
            options.LogoutPath = "/signout";
            options.AccessDeniedPath = "/not-allowed";
            options.Cookie.Name = "commandcenter.session";
            options.ExpireTimeSpan = TimeSpan.FromDays(7);
            options.SlidingExpiration = true;
            // The API answers 401/403 problem details instead of redirecting to the sign-in page.
            options.Events.OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden);
            // Sign-out, a new password, a role change or a lock end every earlier cookie on its next request.
            options.Events.OnValidatePrincipal = SessionValidation.ValidatePrincipalAsync;
        });
        services.AddOptions<SameOriginOptions>().BindConfiguration(SameOriginOptions.Section);
        services.AddOptions<SignInSecurityOptions>().BindConfiguration(SignInSecurityOptions.Section);
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordSignIn>();
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationState>();
        services.AddScoped<CurrentUser>();

        services.AddCommandCenterApi();
        services.AddCommandCenterHub();

        services.AddHealthChecks().AddDbContextCheck<CommandCenterDbContext>("database")
            .AddCheck<AuditIntegrityHealthCheck>("integrity");
        return builder;
    }

    public static WebApplication UseCommandCenterWeb(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseCommandCenterApiErrors();
        app.UseMiddleware<RequestTargetCheck>();
        app.UseMiddleware<SameOriginRequests>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseStatusCodePages();

        app.UseAuthentication();
        app.UseMiddleware<RequestOrigin>();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapCommandCenterApi();
        app.MapCommandCenterHub();
        app.MapHealthChecks("/health").AllowAnonymous();
        return app;
    }

    private static Task ApiOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/hubs"))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }
        return ApiProblems.WriteAsync(context.HttpContext, status == StatusCodes.Status401Unauthorized
            ? ApiProblems.Create(status, "Sign in first.", "POST /api/session with userName and password (or use the browser's session), then repeat the request.")
            : ApiProblems.Create(status, "Not allowed.", "Your account's role does not allow this."));
    }
}
