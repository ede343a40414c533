import type { Diagnostic } from '../config/diagnostics.js';
import type { YamlPath, YamlSource } from '../config/yaml-source.js';

/** Collects semantic problems found while building the model, each located at its YAML node. */
export class Problems {
  readonly list: Diagnostic[] = [];
  constructor(readonly source: YamlSource) {}

  error(path: YamlPath, message: string, at: 'key' | 'value' = 'value'): void {
    this.add('error', path, message, at);
  }

  warning(path: YamlPath, message: string, at: 'key' | 'value' = 'value'): void {
    this.add('warning', path, message, at);
  }

  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }

  private add(severity: Diagnostic['severity'], path: YamlPath, message: string, at: 'key' | 'value') {
    const { line, column } = this.source.locate(path, at);
    this.list.push({ file: this.source.file, line, column, severity, message });
  }
}
