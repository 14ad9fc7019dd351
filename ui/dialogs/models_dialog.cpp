#include "ui/dialogs/models_dialog.h"

#include "core/base/hf_home.h"
#include "core/hub/installed.h"
#include "core/service/model_download_manager.h"
#include "ui/errors.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace i2v {
namespace ui {
namespace {

enum Column { kName, kSize, kGpu, kStatus, kColumns };

QString bytesText(std::int64_t bytes)
{
    return QString::fromStdString(formatDownloadBytes(bytes));
}

const DownloadStatus* findStatus(const std::vector<DownloadStatus>& all, const QString& repo)
{
    for (const DownloadStatus& s : all)
        if (QString::fromStdString(s.repoId) == repo)
            return &s;
    return nullptr;
}

int percent(std::int64_t done, std::int64_t total)
{
    return total > 0 ? static_cast<int>(1000.0 * static_cast<double>(done) / static_cast<double>(total)) : 0;
}

} // namespace

ModelsDialog::ModelsDialog(ModelDownloadManager& manager, std::int64_t gpuBytes, QWidget* parent)
    : QDialog(parent), m_manager(manager), m_gpuBytes(gpuBytes), m_catalogue(hub::loadCatalogue()),
      m_table(new QTableWidget(this)), m_variant(new QComboBox(this)), m_download(new QPushButton(tr("Download"), this)),
      m_pause(new QPushButton(tr("Pause"), this)), m_resume(new QPushButton(tr("Resume"), this)),
      m_cancel(new QPushButton(tr("Cancel download"), this)), m_remove(new QPushButton(tr("Remove"), this)),
      m_fileLabel(new QLabel(this)), m_fileBar(new QProgressBar(this)), m_totalBar(new QProgressBar(this)),
      m_rateLabel(new QLabel(this)), m_timer(new QTimer(this))
{
    setWindowTitle(tr("Get models"));
    resize(860, 440);
    m_table->setColumnCount(kColumns);
    m_table->setHorizontalHeaderLabels({tr("Model"), tr("Download"), tr("GPU memory"), tr("Status")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(kName, QHeaderView::Stretch);
    m_table->setRowCount(static_cast<int>(m_catalogue.models.size()));
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const hub::CatalogueEntry& e = m_catalogue.models[static_cast<std::size_t>(row)];
        auto* name = new QTableWidgetItem(QString::fromStdString(e.name) + QStringLiteral("\n") +
                                          QString::fromStdString(e.repoId));
        name->setData(Qt::UserRole, QString::fromStdString(e.repoId));
        name->setToolTip(QString::fromStdString(e.description));
        m_table->setItem(row, kName, name);
        QStringList gpu;
        bool fits = false;
        for (const hub::GpuTier& t : e.tiers) {
            gpu << tr("%1 %2×%3×%4: %5").arg(QString::fromStdString(t.name)).arg(t.width).arg(t.height).arg(t.frames)
                       .arg(bytesText(t.bytes));
            fits = fits || (m_gpuBytes > 0 && t.bytes <= m_gpuBytes);
        }
        QString gpuText = gpu.join(QStringLiteral("\n"));
        if (e.gpuMemorySource != "memory_model")
            gpuText += QStringLiteral("\n") + tr("(estimated)");
        auto* gpuItem = new QTableWidgetItem(gpuText);
        if (m_gpuBytes > 0)
            gpuItem->setToolTip(fits ? tr("At least the smallest setting fits this GPU (%1).").arg(bytesText(m_gpuBytes))
                                     : tr("Does not fit this GPU (%1) without offloading.").arg(bytesText(m_gpuBytes)));
        m_table->setItem(row, kGpu, gpuItem);
        m_table->setItem(row, kSize, new QTableWidgetItem);
        m_table->setItem(row, kStatus, new QTableWidgetItem);
    }
    m_table->resizeRowsToContents();

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(new QLabel(tr("Variant:"), this));
    buttons->addWidget(m_variant);
    buttons->addStretch();
    for (QPushButton* b : {m_download, m_pause, m_resume, m_cancel, m_remove})
        buttons->addWidget(b);
    auto* close = new QPushButton(tr("Close"), this);
    buttons->addWidget(close);
    m_fileBar->setRange(0, 1000);
    m_totalBar->setRange(0, 1000);
    m_fileBar->setTextVisible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    layout->addWidget(m_fileLabel);
    layout->addWidget(m_fileBar);
    layout->addWidget(m_totalBar);
    layout->addWidget(m_rateLabel);
    auto* where = new QLabel(tr("Models are kept in the Hugging Face cache %1, shared with other tools.")
                                 .arg(QString::fromStdString(huggingFaceHubCache().string())),
                             this);
    where->setWordWrap(true);
    layout->addWidget(where);

    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        m_variant->clear();
        if (const hub::CatalogueEntry* e = m_catalogue.find(selectedRepo().toStdString()))
            for (const hub::VariantSize& s : e->sizes)
                m_variant->addItem(s.variant.empty() ? tr("default") : QString::fromStdString(s.variant),
                                   QString::fromStdString(s.variant));
        refresh();
    });
    connect(m_variant, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(m_download, &QPushButton::clicked, this, &ModelsDialog::startSelected);
    connect(m_resume, &QPushButton::clicked, this, &ModelsDialog::startSelected);
    connect(m_pause, &QPushButton::clicked, this, [this] { m_manager.pause(selectedRepo().toStdString()); });
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_manager.cancel(selectedRepo().toStdString()); });
    connect(m_remove, &QPushButton::clicked, this, &ModelsDialog::removeSelected);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_manager.generation() != m_seenGeneration)
            refresh();
    });
    m_timer->start(250);
    refresh(true);
    if (m_table->rowCount() > 0)
        m_table->selectRow(0);
}

QString ModelsDialog::selectedRepo() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    return m_table->item(rows.first().row(), kName)->data(Qt::UserRole).toString();
}

bool ModelsDialog::selectRepo(const QString& repoId)
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, kName)->data(Qt::UserRole).toString() == repoId) {
            m_table->selectRow(row);
            return true;
        }
    return false;
}

QString ModelsDialog::statusText(const QString& repoId) const
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, kName)->data(Qt::UserRole).toString() == repoId)
            return m_table->item(row, kStatus)->text();
    return {};
}

void ModelsDialog::refresh(bool rescanCache)
{
    const std::uint64_t generation = m_manager.generation();
    const std::vector<DownloadStatus> downloads = m_manager.snapshot();
    // Notice downloads that just ended: the cache changed, the engine list must be rebuilt.
    bool finished = false;
    for (const DownloadStatus& s : downloads) {
        const QString repo = QString::fromStdString(s.repoId);
        const int state = static_cast<int>(s.state);
        if (m_lastStates.value(repo, -1) != state && s.state == DownloadState::Done)
            finished = true;
        if (m_lastStates.value(repo, -1) != state &&
            (s.state == DownloadState::Paused || s.state == DownloadState::Failed || s.state == DownloadState::Cancelled))
            rescanCache = true;
        m_lastStates[repo] = state;
    }
    if (rescanCache || finished) {
        m_installed.clear();
        const hub::VerifiedBlobs record(hub::VerifiedBlobs::defaultFile());
        for (const hub::InstalledModel& m : hub::listInstalled(huggingFaceHubCache(), record)) {
            const QString repo = QString::fromStdString(m.repoId);
            const QString state = m.state == hub::InstallState::Incomplete ? QStringLiteral("incomplete")
                                  : m.verified                           ? QStringLiteral("verified")
                                                                         : QStringLiteral("complete");
            // A complete snapshot wins over a verified-or-not one of another commit and over partial files.
            static const QStringList rank = {QString(), QStringLiteral("incomplete"), QStringLiteral("complete"),
                                             QStringLiteral("verified")};
            if (rank.indexOf(state) > rank.indexOf(m_installed.value(repo)))
                m_installed[repo] = state;
        }
    }
    m_seenGeneration = generation;

    for (int row = 0; row < m_table->rowCount(); ++row) {
        const hub::CatalogueEntry& e = m_catalogue.models[static_cast<std::size_t>(row)];
        const QString repo = QString::fromStdString(e.repoId);
        const bool selected = repo == selectedRepo();
        const std::string variant = selected && m_variant->count() > 0 ? m_variant->currentData().toString().toStdString()
                                                                       : e.sizes.front().variant;
        const hub::VariantSize* size = e.size(variant) ? e.size(variant) : &e.sizes.front();
        m_table->item(row, kSize)->setText(
            tr("%1\nneeds %2 free").arg(bytesText(size->downloadBytes)).arg(bytesText(size->diskBytes)));
        QString status;
        if (const DownloadStatus* d = findStatus(downloads, repo)) {
            const hub::PullProgress& p = d->progress;
            const QString pct = QString::number(percent(p.totalDone, p.totalBytes) / 10.0, 'f', 1);
            switch (d->state) {
            case DownloadState::Running: status = tr("Downloading %1 %").arg(pct); break;
            case DownloadState::Pausing: status = tr("Pausing…"); break;
            case DownloadState::Paused: status = tr("Paused at %1 %").arg(pct); break;
            case DownloadState::Cancelling: status = tr("Cancelling…"); break;
            case DownloadState::Cancelled: status = tr("Cancelled"); break;
            case DownloadState::Failed:
                status = tr("Failed: %1").arg(ErrorTexts::sentence(d->error.code));
                m_table->item(row, kStatus)->setToolTip(QString::fromStdString(d->error.detail));
                break;
            case DownloadState::Done: status = tr("Installed (verified)"); break;
            }
        }
        if (status.isEmpty() || findStatus(downloads, repo)->state == DownloadState::Cancelled) {
            const QString installed = m_installed.value(repo);
            if (installed == QLatin1String("verified"))
                status = tr("Installed (verified)");
            else if (installed == QLatin1String("complete"))
                status = tr("Installed");
            else if (installed == QLatin1String("incomplete"))
                status = tr("Partly downloaded");
            else if (status.isEmpty())
                status = tr("Not installed");
        }
        m_table->item(row, kStatus)->setText(status);
        if (selected) {
            const DownloadStatus* d = findStatus(downloads, repo);
            if (d && (d->state == DownloadState::Running || d->state == DownloadState::Paused ||
                      d->state == DownloadState::Pausing)) {
                const hub::PullProgress& p = d->progress;
                m_fileLabel->setText(tr("File %1 of %2: %3").arg(p.fileIndex).arg(p.fileCount).arg(QString::fromStdString(p.file)));
                m_fileBar->setValue(percent(p.fileDone, p.fileTotal));
                m_totalBar->setValue(percent(p.totalDone, p.totalBytes));
                m_totalBar->setFormat(tr("%1 of %2").arg(bytesText(p.totalDone)).arg(bytesText(p.totalBytes)));
                m_rateLabel->setText(d->state == DownloadState::Running
                                         ? tr("%1/s, %2 left").arg(bytesText(static_cast<std::int64_t>(p.bytesPerSecond)))
                                               .arg(QString::fromStdString(formatDuration(p.etaSeconds)))
                                         : QString());
            } else {
                m_fileLabel->clear();
                m_fileBar->setValue(0);
                m_totalBar->setValue(0);
                m_totalBar->setFormat(QString());
                m_rateLabel->setText(d && d->state == DownloadState::Failed ? QString::fromStdString(d->error.detail)
                                                                            : QString());
            }
        }
    }
    updateButtons();
    if (finished)
        emit modelsChanged();
}

void ModelsDialog::updateButtons()
{
    const QString repo = selectedRepo();
    const auto downloads = m_manager.snapshot();
    const DownloadStatus* d = findStatus(downloads, repo);
    const bool running = d && (d->state == DownloadState::Running);
    const bool busy = d && (d->state == DownloadState::Pausing || d->state == DownloadState::Cancelling);
    const bool paused = d && (d->state == DownloadState::Paused || d->state == DownloadState::Failed);
    const bool partial = m_installed.value(repo) == QLatin1String("incomplete");
    const bool installed = !m_installed.value(repo).isEmpty();
    // On an installed model Download checks the revision again and fetches only what is missing (a new
    // commit, another variant).
    m_download->setEnabled(!repo.isEmpty() && !running && !busy && !paused && !partial);
    m_resume->setEnabled(!repo.isEmpty() && !running && !busy && (paused || partial));
    m_pause->setEnabled(running);
    m_cancel->setEnabled(running || paused);
    m_remove->setEnabled(installed && !running && !busy);
    m_variant->setEnabled(!running && !busy && m_variant->count() > 1);
}

void ModelsDialog::startSelected()
{
    const QString repo = selectedRepo();
    if (repo.isEmpty())
        return;
    ModelPullRequest request;
    request.spec = repo.toStdString();
    request.variant = m_variant->currentData().toString().toStdString();
    m_manager.start(request);
    refresh();
}

void ModelsDialog::removeSelected()
{
    const QString repo = selectedRepo();
    if (repo.isEmpty())
        return;
    if (QMessageBox::question(this, tr("Remove model"),
                              tr("Delete %1 from the Hugging Face cache? Other programs that use this copy will "
                                 "have to download it again.")
                                  .arg(repo)) != QMessageBox::Yes)
        return;
    try {
        m_manager.forget(repo.toStdString());
        hub::removeInstalled(huggingFaceHubCache(), repo.toStdString());
    } catch (const I2vError& e) {
        QMessageBox::warning(this, tr("Remove model"), ErrorTexts::sentence(e.code()) + QStringLiteral("\n\n") +
                                                           QString::fromUtf8(e.what()));
    }
    refresh(true);
    emit modelsChanged();
}

} // namespace ui
} // namespace i2v
