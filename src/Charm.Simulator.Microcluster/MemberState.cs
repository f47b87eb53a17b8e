namespace Charm.Simulator.Microcluster;

/// <summary>A member as the fake daemon stores it; mutated only under the <see cref="FakeMicrocluster"/> lock.</summary>
internal sealed class MemberState(string name, string address, string certificate, long sequence, IReadOnlyList<string> extraArguments)
{
    public string Name { get; } = name;

    public string Address { get; } = address;

    public string Certificate { get; } = certificate;

    /// <summary>Orders members by age: roles go to the oldest first.</summary>
    public long Sequence { get; } = sequence;

    public IReadOnlyList<string> ExtraArguments { get; } = extraArguments;

    public string Role { get; set; } = MicroclusterRole.Pending;

    public DateTimeOffset? LastHeartbeat { get; set; }
}
