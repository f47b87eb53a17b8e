namespace Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;

/// <summary>Source fragments shared by the analyzer tests.</summary>
internal static class Sources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Charm.Framework;
        using Charm.Framework.Dispatch;
        using Charm.Framework.Events;
        using Charm.Framework.Model;
        using Charm.TokenDistributor;
        using Charm.TokenDistributor.Consumer;

        """;

    /// <summary>A charm class around <paramref name="members"/>.</summary>
    public static string Charm(string members) => Usings + $$"""
        public sealed class MyCharm : CharmBase
        {
            public MyCharm(CharmContext context) : base(context) { }

        {{members}}
        }
        """;
}
