namespace CommandCenter.Core.Systems;

/// <summary>
/// Told when a system was added or edited (detection's cached directory reloads). Systems knows only this interface, so
/// it imports no feature that reads the inventory.
/// </summary>
public interface IInventoryListener
{
    void InventoryChanged();
}
