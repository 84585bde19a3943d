/** Writing the report files. Not API: anything here may change without notice. */
package io.migratest.report.internal;
