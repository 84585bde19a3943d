package io.migratest.report.internal;

import io.migratest.report.Report;
import io.migratest.report.Report.Scope;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/** A Flyway callback that times each migration and adds it to a report. */
public final class MigrationRecorder implements Callback {

    private final Report report;
    private final Scope scope;
    private final Map<String, Long> started = new ConcurrentHashMap<>();

    public MigrationRecorder(Report report, Scope scope) {
        this.report = report;
        this.scope = scope;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE_ERROR;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        MigrationInfo info = context.getMigrationInfo();
        if (info == null) {
            return;
        }
        String key = info.getScript();
        if (event == Event.BEFORE_EACH_MIGRATE) {
            started.put(key, System.nanoTime());
            return;
        }
        Long start = started.remove(key);
        long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
        report.migrationApplied(scope, info.getVersion() == null ? null : info.getVersion().getVersion(),
                info.getDescription(), millis, event == Event.AFTER_EACH_MIGRATE);
    }

    @Override
    public String getCallbackName() {
        return "migratest-report";
    }
}
