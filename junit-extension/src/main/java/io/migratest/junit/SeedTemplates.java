package io.migratest.junit;

import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.Template;
import io.migratest.db.TemplateKey;
import io.migratest.migrate.FlywayCustomizer;
import io.migratest.report.Outcome;
import java.util.Arrays;
import java.util.List;

/**
 * The key of a seeded template: the migrations and Flyway settings the class migrates with, and
 * its seeds, each fixture by content, so that a kept template is reused exactly while none of
 * them changes.
 */
final class SeedTemplates {

    private SeedTemplates() {
    }

    static TemplateKey key(Engine engine, MigrationTest configuration, List<Seed> seeds, Settings settings) {
        String label = label(configuration, seeds);
        TemplateKey.Builder key = TemplateKey.builder(label)
                .digests(ProjectFlyway.unconnected(engine, configuration, settings).contentDigests())
                .text("seeds", label);
        if (configuration.flyway() != FlywayCustomizer.class) {
            key.text("flyway hook", configuration.flyway().getName());
        }
        for (Seed seed : seeds) {
            for (String fixture : seed.value()) {
                key.fixture(fixture);
            }
        }
        return key.build();
    }

    /** The report's line for a template: reused or built, why, and how long getting it took since {@code startNanos}. */
    static Outcome outcome(MigrationTest configuration, List<Seed> seeds, Template template, long startNanos) {
        return new Outcome("template", "template " + label(configuration, seeds), template.reused() ? "reused" : "built",
                Outcome.Status.PASSED, template.reason(), List.of(), (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** What the template is for, as the report names it: the locations, then each seed in order. */
    static String label(MigrationTest configuration, List<Seed> seeds) {
        StringBuilder label = new StringBuilder(String.join(",", configuration.locations()));
        for (Seed seed : seeds) {
            label.append(" @Seed(");
            if (!seed.atVersion().isBlank()) {
                label.append("atVersion=").append(seed.atVersion()).append(", ");
            }
            label.append(String.join(", ", Arrays.asList(seed.value())));
            if (!seed.table().isBlank()) {
                label.append(", table=").append(seed.table());
            }
            label.append(')');
        }
        return label.toString();
    }
}
