def pytest_configure(config):
    config.addinivalue_line("markers", "docker: needs a Docker engine and the duckmirror:jvm image (scripts/image)")
