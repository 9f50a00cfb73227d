"""The shipped data: the service catalogue, the harm taxonomy, the scoring parameters and the
clause model's weights. Installed as the package ``monitor.data`` (see ``pyproject.toml``) so
a wheel carries it; ``monitor.paths.data_dir()`` finds it. Holds no code."""
