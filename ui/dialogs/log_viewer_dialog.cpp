#include "ui/dialogs/log_viewer_dialog.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QUrl>
#include <QVBoxLayout>

namespace i2v {
namespace ui {
namespace {
constexpr qint64 kMaxShown = 2 << 20;
}

LogViewerDialog::LogViewerDialog(const QString& logFile, QWidget* parent)
    : QDialog(parent), m_file(logFile), m_view(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("logViewer"));
    setWindowTitle(tr("Log"));
    resize(820, 520);
    m_view->setReadOnly(true);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* path = new QLabel(m_file.isEmpty() ? tr("No log file could be created for this run.") : m_file, this);
    path->setTextInteractionFlags(Qt::TextSelectableByMouse);
    path->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* reloadButton = buttons->addButton(tr("Reload"), QDialogButtonBox::ActionRole);
    QPushButton* folder = buttons->addButton(tr("Open folder"), QDialogButtonBox::ActionRole);
    folder->setEnabled(!m_file.isEmpty());
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(path);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(reloadButton, &QPushButton::clicked, this, &LogViewerDialog::reload);
    connect(folder, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_file).absolutePath())); });
    reload();
}

QString LogViewerDialog::text() const { return m_view->toPlainText(); }

void LogViewerDialog::reload()
{
    QFile f(m_file);
    if (m_file.isEmpty() || !f.open(QIODevice::ReadOnly)) {
        m_view->setPlainText(m_file.isEmpty() ? QString() : tr("The log file cannot be read: %1").arg(f.errorString()));
        return;
    }
    if (f.size() > kMaxShown)
        f.seek(f.size() - kMaxShown);
    m_view->setPlainText(QString::fromUtf8(f.readAll()));
    m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->maximum());
}

} // namespace ui
} // namespace i2v
