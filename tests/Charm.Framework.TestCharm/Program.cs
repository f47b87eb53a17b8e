using Charm.Framework.Dispatch;
using Charm.Framework.TestCharm;

return Dispatcher.Run(DelegateCharm.With(ProcessScript.Observe));
