"""``examples/app`` as toolcfg's cross-module fix will fix it (written by hand).

Each node takes ``config: RunnableConfig`` and forwards it, to the model and to
the helper; the helper takes ``config: Optional[RunnableConfig] = None``, so
direct callers keep working, and forwards it; the tool takes ``config`` and
``callbacks`` and forwards ``patch_config(config, callbacks=callbacks)``, so its
model run is filed under the tool run. The runtime matrix runs this copy until
``toolcfg check --fix examples/app`` writes this form.
"""
