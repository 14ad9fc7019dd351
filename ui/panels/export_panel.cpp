#include "ui/panels/export_panel.h"

#include "core/base/paths.h"
#include "core/service/clip_output.h"
#include "core/service/output_naming.h"
#include "ui/async.h"
#include "ui/i18n.h"
#include "ui/style.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QUrl>

#include <ctime>

namespace i2v {
namespace ui {

ExportPanel::ExportPanel(QWidget* parent)
    : QWidget(parent), m_savedLabel(new QLabel(this)), m_saveAs(new QPushButton(this)), m_showFolder(new QPushButton(this))
{
    m_savedLabel->setObjectName(QStringLiteral("savedLabel"));
    m_savedLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_savedLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_saveAs->setObjectName(QStringLiteral("saveAsButton"));
    m_saveAs->setText(tr("Save As…"));
    m_saveAs->setIcon(themedIcon(QStringLiteral("save")));
    m_saveAs->setToolTip(withShortcut(tr("Export the clip as MP4, WebM, GIF or PNG frames"), QKeySequence::Save));
    m_showFolder->setText(tr("Show in folder"));
    m_showFolder->setIcon(themedIcon(QStringLiteral("folder")));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 2, 12, 6);
    layout->addWidget(m_savedLabel, 1);
    layout->addWidget(m_showFolder);
    layout->addWidget(m_saveAs);
    connect(m_saveAs, &QPushButton::clicked, this, &ExportPanel::saveAs);
    connect(m_showFolder, &QPushButton::clicked, this, &ExportPanel::showInFolder);
    updateView();
}

void ExportPanel::setResult(std::shared_ptr<const JobOutcome> outcome)
{
    m_outcome = std::move(outcome);
    m_autoSaved = m_outcome && !m_outcome->files.empty() ? QString::fromStdString(m_outcome->files.front()) : QString();
    m_lastExport.clear();
    updateView();
}

void ExportPanel::clearResult()
{
    m_outcome.reset();
    m_autoSaved.clear();
    m_lastExport.clear();
    updateView();
}

void ExportPanel::updateView()
{
    m_saveAs->setEnabled(m_outcome && !m_busy);
    const QString shown = !m_lastExport.isEmpty() ? m_lastExport : m_autoSaved;
    m_showFolder->setEnabled(!shown.isEmpty());
    if (m_busy)
        m_savedLabel->setText(tr("Exporting…"));
    else if (!m_lastExport.isEmpty())
        m_savedLabel->setText(tr("Exported to %1").arg(QDir::toNativeSeparators(m_lastExport)));
    else if (!m_autoSaved.isEmpty())
        m_savedLabel->setText(tr("Saved automatically: %1").arg(QFileInfo(m_autoSaved).fileName()));
    else
        m_savedLabel->setText(m_outcome ? QString() : tr("Finished clips are saved automatically."));
    m_savedLabel->setToolTip(QDir::toNativeSeparators(shown));
}

void ExportPanel::saveAs()
{
    if (!m_outcome || m_busy)
        return;
    const QString mp4 = tr("MP4 video (*.mp4)");
    const QString webm = tr("WebM video (*.webm)");
    const QString gif = tr("Animated GIF (*.gif)");
    const QString png = tr("PNG frames (a new folder)");
    GenerationRequest named = m_outcome->used;
    named.output.format = OutputFormat::Mp4;
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    const QString suggested = QString::fromStdString(autoOutputName(named, local)); // the service's one rule
    QString filter = mp4;
    QString path = QFileDialog::getSaveFileName(this, tr("Save clip as"), QDir(m_defaultFolder).filePath(suggested),
                                                QStringList{mp4, webm, gif, png}.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    OutputFormat format = OutputFormat::Mp4;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (filter == png) {
        format = OutputFormat::PngFrames;
        if (!suffix.isEmpty())
            path.chop(suffix.size() + 1);
    } else if (suffix == QLatin1String("webm") || (suffix.isEmpty() && filter == webm)) {
        format = OutputFormat::WebM;
    } else if (suffix == QLatin1String("gif") || (suffix.isEmpty() && filter == gif)) {
        format = OutputFormat::Gif;
    }
    if (format != OutputFormat::PngFrames && suffix.isEmpty())
        path += QLatin1Char('.') + QString::fromLatin1(outputFormatName(format));
    emit folderUsed(QFileInfo(path).absolutePath());
    exportTo(path, format);
}

void ExportPanel::exportTo(const QString& path, OutputFormat format)
{
    if (!m_outcome || m_busy)
        return;
    m_busy = true;
    updateView();
    auto outcome = m_outcome;
    runAsync<QString>(
        this,
        [outcome, path, format] {
            // The service writes it, from what actually ran (core/service/clip_output.h).
            exportClip(*outcome, path.toStdString(), format);
            return path;
        },
        [this](Result<QString> r) {
            m_busy = false;
            if (r) {
                m_lastExport = r.value();
                emit exported(r.value());
            } else {
                emit exportFailed(r.error());
            }
            updateView();
        });
}

void ExportPanel::showInFolder()
{
    const QString shown = !m_lastExport.isEmpty() ? m_lastExport : m_autoSaved;
    if (shown.isEmpty())
        return;
    const QFileInfo info(shown);
    QDesktopServices::openUrl(QUrl::fromLocalFile(info.isDir() ? info.absoluteFilePath() : info.absolutePath()));
}

} // namespace ui
} // namespace i2v
