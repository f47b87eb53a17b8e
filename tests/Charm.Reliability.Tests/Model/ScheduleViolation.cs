namespace Charm.Reliability.Tests.Model;

/// <summary>A schedule broke a property; the message names the property and holds the schedule and the last hooks.</summary>
internal sealed class ScheduleViolation(string message) : Exception(message);
