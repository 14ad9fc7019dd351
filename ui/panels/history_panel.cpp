#include "ui/panels/history_panel.h"

#include "core/base/error.h"
#include "core/service/history.h"
#include "ui/stage_texts.h"
#include "ui/widgets/usage_chart.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QTabWidget>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace i2v {
namespace ui {
namespace {

QString stars(int n) { return QString(n, QChar(0x2605)) + QString(5 - n, QChar(0x2606)); }

QString durationText(double seconds)
{
    const int s = static_cast<int>(seconds + 0.5);
    return s < 60 ? HistoryPanel::tr("%1 s").arg(s) : HistoryPanel::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
}

} // namespace

HistoryPanel::HistoryPanel(HistoryStore* store, QWidget* parent)
    : QWidget(parent), m_store(store), m_tabs(new QTabWidget(this)), m_search(new QLineEdit(this)),
      m_gridToggle(new QToolButton(this)), m_list(new QListWidget(this)), m_info(new QLabel(this)),
      m_tags(new QLineEdit(this)), m_reuse(new QPushButton(tr("Reuse settings"), this)),
      m_rerun(new QPushButton(tr("Re-run exactly"), this)), m_open(new QPushButton(tr("Open"), this)),
      m_folder(new QPushButton(tr("Show in folder"), this)), m_delete(new QPushButton(tr("Delete…"), this)),
      m_chart(new UsageChart(this))
{
    setObjectName(QStringLiteral("historyPanel"));
    setMinimumWidth(340);
    m_search->setPlaceholderText(tr("Search prompts and tags"));
    m_search->setClearButtonEnabled(true);
    m_gridToggle->setText(tr("Grid"));
    m_gridToggle->setCheckable(true);
    m_gridToggle->setToolTip(tr("Show thumbnails as a grid or as a list"));
    m_list->setObjectName(QStringLiteral("historyList"));
    m_list->setMinimumHeight(150);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setIconSize(QSize(96, 64));
    m_list->setUniformItemSizes(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_info->setObjectName(QStringLiteral("historyInfo"));
    m_info->setWordWrap(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tags->setPlaceholderText(tr("Tags, separated by commas"));
    m_reuse->setToolTip(tr("Put this clip's image, prompt and settings into the form"));
    m_rerun->setToolTip(tr("Make this clip again with exactly the same settings and seed"));
    m_delete->setToolTip(tr("Remove from the history (the clip file stays unless you choose otherwise)"));

    auto* starRow = new QHBoxLayout;
    starRow->setSpacing(0);
    for (int i = 1; i <= 5; ++i) {
        auto* b = new QToolButton(this);
        b->setAutoRaise(true);
        b->setToolTip(tr("%n star(s)", nullptr, i));
        connect(b, &QToolButton::clicked, this, [this, i] {
            const HistoryEntry* e = current();
            rateCurrent(e && e->rating == i ? 0 : i); // clicking the current rating clears it
        });
        m_stars << b;
        starRow->addWidget(b);
    }
    starRow->addSpacing(8);
    starRow->addWidget(m_tags, 1);

    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_gridToggle);
    auto* actions = new QGridLayout;
    actions->addWidget(m_reuse, 0, 0);
    actions->addWidget(m_rerun, 0, 1);
    actions->addWidget(m_open, 1, 0);
    actions->addWidget(m_folder, 1, 1);
    actions->addWidget(m_delete, 2, 0, 1, 2);

    auto* clips = new QWidget(this);
    auto* clipsLayout = new QVBoxLayout(clips);
    clipsLayout->setContentsMargins(6, 6, 6, 6);
    clipsLayout->addLayout(searchRow);
    clipsLayout->addWidget(m_list, 1);
    clipsLayout->addWidget(m_info);
    clipsLayout->addLayout(starRow);
    clipsLayout->addLayout(actions);
    m_tabs->addTab(clips, tr("Clips"));
    m_tabs->addTab(m_chart, tr("Usage"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    connect(m_search, &QLineEdit::textChanged, this, &HistoryPanel::refresh);
    connect(m_gridToggle, &QToolButton::toggled, this, &HistoryPanel::setGridMode);
    connect(m_list, &QListWidget::currentItemChanged, this, &HistoryPanel::showDetails);
    connect(m_tags, &QLineEdit::editingFinished, this, [this] {
        if (const HistoryEntry* e = current()) {
            QStringList now;
            for (const std::string& t : e->tags)
                now << QString::fromStdString(t);
            if (now.join(QStringLiteral(", ")) != m_tags->text().trimmed())
                setCurrentTags(m_tags->text());
        }
    });
    connect(m_reuse, &QPushButton::clicked, this, [this] {
        if (const HistoryEntry* e = current())
            emit reuseSettings(QString::fromStdString(e->recipeJson));
    });
    connect(m_rerun, &QPushButton::clicked, this, [this] {
        if (const HistoryEntry* e = current())
            emit rerunExactly(QString::fromStdString(e->recipeJson));
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (const HistoryEntry* e = current())
            QDesktopServices::openUrl(QUrl::fromLocalFile(QString::fromStdString(e->outputPath)));
    });
    connect(m_folder, &QPushButton::clicked, this, [this] {
        if (const HistoryEntry* e = current())
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(QString::fromStdString(e->outputPath)).absolutePath()));
    });
    connect(m_delete, &QPushButton::clicked, this, &HistoryPanel::askDelete);
    setGridMode(false);
    refresh();
}

void HistoryPanel::setCost(const CostSettings& cost)
{
    m_cost = cost;
    refresh();
}

void HistoryPanel::setGridMode(bool grid)
{
    m_gridToggle->setChecked(grid);
    m_list->setViewMode(grid ? QListView::IconMode : QListView::ListMode);
    m_list->setIconSize(grid ? QSize(144, 96) : QSize(96, 64));
    m_list->setGridSize(grid ? QSize(168, 140) : QSize());
    m_list->setResizeMode(QListView::Adjust);
    m_list->setWordWrap(false);
    m_list->setSpacing(grid ? 6 : 1);
    m_list->setMovement(QListView::Static);
    refresh();
}

QString HistoryPanel::itemText(const HistoryEntry& e) const
{
    QString prompt = QString::fromStdString(e.prompt).simplified();
    if (prompt.isEmpty())
        prompt = QFileInfo(QString::fromStdString(e.outputPath)).fileName();
    const bool grid = m_list->viewMode() == QListView::IconMode;
    const int maxChars = grid ? 22 : 34;
    if (prompt.size() > maxChars)
        prompt = prompt.left(maxChars - 1) + QChar(0x2026);
    QString line = stars(e.rating) + QStringLiteral("  ") + durationText(e.durationSeconds);
    if (!e.costCurrency.empty() && !grid) {
        CostSettings shown = m_cost;
        shown.currency = e.costCurrency;
        line += QStringLiteral(" · ") + QString::fromStdString(formatCost(shown, e.cost));
    }
    if (e.bestOf) // a best-of variation: its rank and score, and whether it is the kept clip
        line += QStringLiteral(" · ") +
                tr("#%1/%2 %3").arg(e.bestOf->rank).arg(e.bestOf->count).arg(QString::number(e.bestOf->score, 'f', 3)) +
                (e.bestOf->pick ? QStringLiteral(" · ") + tr("✔ pick") : QString());
    if (e.status == "failed")
        line += QStringLiteral(" · ") + tr("failed");
    else if (e.status == "cancelled")
        line += QStringLiteral(" · ") + tr("cancelled");
    return prompt + QLatin1Char('\n') + line;
}

void HistoryPanel::refresh()
{
    const QString keep = currentId();
    QSignalBlocker block(m_list);
    m_list->clear();
    // A best-of job's variations stay together where the job's newest entry falls: the pick first, then by
    // rank.
    const std::vector<const HistoryEntry*> found = m_store->search(m_search->text().toStdString());
    std::vector<const HistoryEntry*> ordered;
    QSet<QString> jobsDone;
    for (const HistoryEntry* e : found) {
        if (!e->bestOf) {
            ordered.push_back(e);
            continue;
        }
        const QString job = QString::fromStdString(e->bestOf->job);
        if (jobsDone.contains(job))
            continue;
        jobsDone.insert(job);
        std::vector<const HistoryEntry*> group;
        for (const HistoryEntry* other : found)
            if (other->bestOf && other->bestOf->job == e->bestOf->job)
                group.push_back(other);
        std::stable_sort(group.begin(), group.end(), [](const HistoryEntry* a, const HistoryEntry* b) {
            return a->bestOf->pick != b->bestOf->pick ? a->bestOf->pick : a->bestOf->rank < b->bestOf->rank;
        });
        ordered.insert(ordered.end(), group.begin(), group.end());
    }
    for (const HistoryEntry* e : ordered) {
        auto* item = new QListWidgetItem(itemText(*e), m_list);
        if (e->bestOf && e->bestOf->pick) {
            QFont bold = m_list->font();
            bold.setBold(true);
            item->setFont(bold);
        }
        item->setData(Qt::UserRole, QString::fromStdString(e->id));
        const QString thumb = QString::fromStdString(e->thumbnailPath);
        QIcon icon = !thumb.isEmpty() && QFileInfo::exists(thumb) ? QIcon(thumb) : QIcon(QStringLiteral(":/icons/app.svg"));
        item->setIcon(icon);
        item->setToolTip(QString::fromStdString(e->prompt));
    }
    int row = 0;
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(Qt::UserRole).toString() == keep)
            row = i;
    m_list->setCurrentRow(m_list->count() > 0 ? row : -1);
    block.unblock();
    showDetails();
    m_chart->setData(m_store->dailySummary(), m_cost);
}

void HistoryPanel::setSearchText(const QString& text) { m_search->setText(text); }
int HistoryPanel::visibleCount() const { return m_list->count(); }

bool HistoryPanel::selectEntry(const QString& id)
{
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(Qt::UserRole).toString() == id) {
            m_list->setCurrentRow(i);
            return true;
        }
    return false;
}

QString HistoryPanel::currentId() const
{
    const QListWidgetItem* item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

const HistoryEntry* HistoryPanel::current() const
{
    const QString id = currentId();
    return id.isEmpty() ? nullptr : m_store->find(id.toStdString());
}

void HistoryPanel::showDetails()
{
    const HistoryEntry* e = current();
    for (QWidget* w : std::initializer_list<QWidget*>{m_tags, m_reuse, m_rerun, m_delete})
        w->setEnabled(e != nullptr);
    const bool hasFile = e && !e->outputPath.empty() && QFileInfo::exists(QString::fromStdString(e->outputPath));
    m_open->setEnabled(hasFile);
    m_folder->setEnabled(hasFile);
    for (int i = 0; i < m_stars.size(); ++i) {
        m_stars[i]->setText(e && e->rating > i ? QString(QChar(0x2605)) : QString(QChar(0x2606)));
        m_stars[i]->setEnabled(e != nullptr);
    }
    if (!e) {
        m_info->setText(m_store->entries().empty() ? tr("Finished clips appear here.") : tr("No clip matches the search."));
        m_tags->clear();
        return;
    }
    QStringList tags;
    for (const std::string& t : e->tags)
        tags << QString::fromStdString(t);
    m_tags->setText(tags.join(QStringLiteral(", ")));
    const QLocale locale;
    const QDateTime when = QDateTime::fromString(QString::fromStdString(e->createdAt), Qt::ISODate).toLocalTime();
    QStringList lines;
    lines << locale.toString(when, QLocale::ShortFormat) + QStringLiteral(" · ") + durationText(e->durationSeconds);
    QString engine = QString::fromStdString(e->modelId.empty() ? e->family : e->modelId);
    if (!e->modelRevision.empty())
        engine += QStringLiteral(" @ ") + QString::fromStdString(e->modelRevision).left(10);
    lines << tr("Engine: %1").arg(engine.toHtmlEscaped());
    if (e->peakMemoryBytes > 0)
        lines << tr("Peak memory: %1").arg(locale.formattedDataSize(e->peakMemoryBytes));
    if (!e->costCurrency.empty()) {
        CostSettings shown = m_cost;
        shown.currency = e->costCurrency;
        lines << tr("Cost: %1").arg(QString::fromStdString(formatCost(shown, e->cost)));
    }
    if (e->bestOf) {
        const BestOfInfo& b = *e->bestOf;
        const auto part = [](const std::optional<double>& v) {
            return v ? QString::number(*v, 'f', 4) : QStringLiteral("—");
        };
        lines << tr("Best of %1: variation %2, rank %3, score %4 (prompt %5, image %6, motion %7)")
                     .arg(b.count)
                     .arg(b.variation)
                     .arg(b.rank)
                     .arg(QString::number(b.score, 'f', 4), part(b.scorePrompt), part(b.scoreImage),
                          QString::number(b.scoreTemporal, 'f', 4));
        lines << (!b.pick          ? tr("Not kept: another variation of this job is the pick.")
                  : b.pickedByHand ? tr("The pick, chosen by hand.")
                                   : tr("The pick: the best score."));
        // Amounts when the clips were priced (in their currency), whatever the pricing is now.
        CostSettings shown = m_cost;
        shown.currency = e->costCurrency;
        shown.mode = e->costCurrency.empty() ? CostSettings::Mode::None : CostSettings::Mode::PerGpuHour;
        lines << StageTexts::bestOfCost(bestOfJobCost(m_store->entries(), b.job), shown).toHtmlEscaped();
    }
    if (!e->weightHashes.empty())
        lines << tr("Weights: %n file(s), SHA-256 recorded", nullptr, static_cast<int>(e->weightHashes.size()));
    if (!e->outputPath.empty())
        lines << (hasFile ? QFileInfo(QString::fromStdString(e->outputPath)).fileName().toHtmlEscaped()
                          : tr("The clip file is no longer there."));
    if (!e->log.empty())
        lines << QStringLiteral("<i>%1</i>").arg(QString::fromStdString(e->log).toHtmlEscaped());
    m_info->setText(lines.join(QStringLiteral("<br>")));
    QStringList hashes;
    for (const auto& [file, sha] : e->weightHashes)
        hashes << QString::fromStdString(file + "  " + sha);
    m_info->setToolTip(hashes.join(QLatin1Char('\n')));
}

void HistoryPanel::rateCurrent(int stars)
{
    const QString id = currentId();
    if (id.isEmpty())
        return;
    try {
        m_store->setRating(id.toStdString(), stars);
    } catch (const I2vError& e) {
        emit storeError(QString::fromUtf8(e.what()));
    }
    refresh();
}

void HistoryPanel::setCurrentTags(const QString& commaSeparated)
{
    const QString id = currentId();
    if (id.isEmpty())
        return;
    std::vector<std::string> tags;
    for (const QString& t : commaSeparated.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!t.trimmed().isEmpty())
            tags.push_back(t.trimmed().toStdString());
    try {
        m_store->setTags(id.toStdString(), std::move(tags));
    } catch (const I2vError& e) {
        emit storeError(QString::fromUtf8(e.what()));
    }
    refresh();
}

void HistoryPanel::deleteCurrent(bool deleteFile)
{
    const QString id = currentId();
    if (id.isEmpty())
        return;
    try {
        m_store->remove(id.toStdString(), deleteFile);
    } catch (const I2vError& e) {
        emit storeError(QString::fromUtf8(e.what()));
    }
    refresh();
}

void HistoryPanel::askDelete()
{
    const HistoryEntry* e = current();
    if (!e)
        return;
    QMessageBox box(QMessageBox::Question, tr("Remove from history"),
                    tr("Remove this clip from the history?"), QMessageBox::Yes | QMessageBox::Cancel, this);
    auto* alsoFile = new QCheckBox(tr("Also delete the clip file from the disk"), &box);
    alsoFile->setChecked(false);
    alsoFile->setEnabled(!e->outputPath.empty() && QFileInfo::exists(QString::fromStdString(e->outputPath)));
    box.setCheckBox(alsoFile);
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() == QMessageBox::Yes)
        deleteCurrent(alsoFile->isChecked());
}

} // namespace ui
} // namespace i2v
