namespace CommandCenter.Core.Common;

/// <summary>Something that happened in the domain; services publish these after the change is durable.</summary>
public interface IDomainEvent;
