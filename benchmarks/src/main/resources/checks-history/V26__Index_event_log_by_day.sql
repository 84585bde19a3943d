CREATE INDEX event_log_by_day ON event_log (happened_on);
