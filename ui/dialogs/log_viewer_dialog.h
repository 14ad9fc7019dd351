#pragma once
// Help -> Show log: this run's log file, read-only, with "Reload" and "Open folder" (the folder holds
// the previous runs' logs too). Shows at most the last 2 MiB of the file.

#include <QDialog>

class QPlainTextEdit;

namespace i2v {
namespace ui {

class LogViewerDialog : public QDialog {
    Q_OBJECT
public:
    // `logFile`: the current run's log; empty when no log file could be opened (then it says so).
    LogViewerDialog(const QString& logFile, QWidget* parent = nullptr);
    QString text() const;
    void reload();

private:
    QString m_file;
    QPlainTextEdit* m_view;
};

} // namespace ui
} // namespace i2v
