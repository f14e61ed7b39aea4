"""Energy-resource metering (能源资源计量): key energy-using units, their meters, online readings over
HTTP and MQTT, data quality, consumption in tonnes of standard coal and the GB 17167 equipment review."""
