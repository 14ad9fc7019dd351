#include "ui/panels/queue_panel.h"

#include "core/service/job_queue.h"
#include "ui/job_controller.h"
#include "ui/queue_model.h"
#include "ui/style.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QVBoxLayout>

namespace i2v {
namespace ui {
namespace {

constexpr int kThumbBox = 60;  // thumbnail cell height in pixels (width 90)
constexpr int kMargin = 6;

// Paints one queue row: thumbnail, prompt (bold, elided), settings, and the state with a progress bar.
class QueueDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const override
    {
        // Width 1: rows take the viewport's width and elide; a horizontal scroll bar is never needed.
        return {1, kThumbBox + 2 * kMargin};
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, opt.widget);

        painter->save();
        const QRect r = opt.rect.adjusted(kMargin, kMargin, -kMargin, -kMargin);
        const QRect thumbCell(r.left(), r.top(), kThumbBox * 3 / 2, kThumbBox);
        const QPixmap thumb = index.data(Qt::DecorationRole).value<QPixmap>();
        if (!thumb.isNull()) {
            const QSize s = thumb.size().scaled(thumbCell.size(), Qt::KeepAspectRatio);
            painter->drawPixmap(QRect(thumbCell.center() - QPoint(s.width() / 2, s.height() / 2), s), thumb);
        } else {
            painter->fillRect(thumbCell, opt.palette.color(QPalette::AlternateBase));
        }

        const bool selected = opt.state & QStyle::State_Selected;
        const QColor text = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
        QColor dim = text;
        dim.setAlphaF(0.7f);
        const int x = thumbCell.right() + kMargin * 2;
        const int w = r.right() - x;
        const QFontMetrics fm(opt.font);
        const int lh = fm.height();

        QFont bold = opt.font;
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(text);
        painter->drawText(QRect(x, r.top(), w, lh), Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(bold).elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, w));

        painter->setFont(opt.font);
        painter->setPen(dim);
        painter->drawText(QRect(x, r.top() + lh + 2, w, lh), Qt::AlignLeft | Qt::AlignVCenter,
                          fm.elidedText(index.data(QueueModel::SummaryRole).toString(), Qt::ElideRight, w));

        const auto state = JobState(index.data(QueueModel::StateRole).toInt());
        QColor statusColour = dim;
        if (state == JobState::Failed)
            statusColour = QColor(0xd9, 0x48, 0x3b);
        else if (state == JobState::Done && !selected)
            statusColour = QColor(0x3a, 0x9d, 0x5d);
        const int progress = index.data(QueueModel::ProgressRole).toInt();
        const QRect statusText(x, r.top() + 2 * (lh + 2), w, lh);
        if (progress >= 0) {
            // A thin bar under the status, full width. Drawn by hand: the app's style sheet styles
            // QProgressBar widgets, not style->drawControl().
            const QRectF groove(x, statusText.bottom() + 3, w, 4);
            painter->setRenderHint(QPainter::Antialiasing);
            painter->setPen(Qt::NoPen);
            QColor track = text;
            track.setAlphaF(0.18f);
            painter->setBrush(track);
            painter->drawRoundedRect(groove, 2, 2);
            painter->setBrush(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Highlight));
            painter->drawRoundedRect(QRectF(groove.left(), groove.top(), groove.width() * progress / 100.0, groove.height()),
                                     2, 2);
        }
        painter->setPen(statusColour);
        painter->drawText(statusText, Qt::AlignLeft | Qt::AlignVCenter,
                          fm.elidedText(index.data(QueueModel::StatusRole).toString(), Qt::ElideRight, statusText.width()));
        painter->restore();
    }
};

QToolButton* toolButton(QAction* action, QWidget* parent, bool withText = false)
{
    auto* b = new QToolButton(parent);
    b->setDefaultAction(action);
    b->setAutoRaise(true);
    b->setToolButtonStyle(withText ? Qt::ToolButtonTextBesideIcon : Qt::ToolButtonIconOnly);
    return b;
}

} // namespace

QueuePanel::QueuePanel(JobController* jobs, QWidget* parent)
    : QWidget(parent), m_jobs(jobs), m_model(new QueueModel(jobs, this)), m_view(new QListView(this)),
      m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("queuePanel"));
    m_view->setObjectName(QStringLiteral("queueList"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new QueueDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setDragDropMode(QAbstractItemView::InternalMove);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setDragEnabled(true);
    m_view->setUniformItemSizes(true);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->setMinimumHeight(120);
    m_view->setMinimumWidth(320); // room for the prompt and the settings line next to the thumbnail

    const QStyle* st = style();
    m_pause = new QAction(themedIcon(QStringLiteral("pause")), tr("Pause queue"), this);
    m_pause->setCheckable(true);
    m_up = new QAction(st->standardIcon(QStyle::SP_ArrowUp), tr("Move up"), this);
    m_down = new QAction(st->standardIcon(QStyle::SP_ArrowDown), tr("Move down"), this);
    m_hold = new QAction(themedIcon(QStringLiteral("lock")), tr("Hold"), this);
    m_hold->setCheckable(true);
    m_hold->setToolTip(tr("Hold this clip: the queue skips it until you release it"));
    m_duplicate = new QAction(themedIcon(QStringLiteral("dice")), tr("Duplicate with a new seed"), this);
    m_variations = new QAction(tr("Variations…"), this);
    m_variations->setToolTip(tr("Queue several copies of this clip, each with a new seed"));
    m_remove = new QAction(themedIcon(QStringLiteral("cancel")), tr("Remove from queue"), this);
    m_remove->setShortcut(QKeySequence::Delete);
    m_remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_clear = new QAction(tr("Clear finished"), this);
    m_export = new QAction(themedIcon(QStringLiteral("save")), tr("Export queue…"), this);
    m_export->setToolTip(tr("Save the waiting clips as a batch file for another computer (i2v batch)"));
    m_import = new QAction(themedIcon(QStringLiteral("open")), tr("Import queue…"), this);
    for (QAction* a : {m_up, m_down, m_hold, m_duplicate, m_variations, m_remove})
        m_view->addAction(a);

    auto* top = new QHBoxLayout;
    m_pauseButton = toolButton(m_pause, this, true);
    top->addWidget(m_pauseButton);
    top->addStretch(1);
    top->addWidget(m_status);

    auto* bottom = new QHBoxLayout;
    for (QAction* a : {m_up, m_down, m_hold, m_duplicate})
        bottom->addWidget(toolButton(a, this));
    bottom->addWidget(toolButton(m_variations, this, true));
    bottom->addWidget(toolButton(m_remove, this));
    bottom->addStretch(1);
    auto* more = new QToolButton(this);
    more->setText(tr("More"));
    more->setToolTip(tr("Clear finished clips, export or import the queue"));
    more->setPopupMode(QToolButton::InstantPopup);
    more->setAutoRaise(true);
    auto* menu = new QMenu(more);
    menu->addAction(m_clear);
    menu->addSeparator();
    menu->addAction(m_export);
    menu->addAction(m_import);
    more->setMenu(menu);
    bottom->addWidget(more);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addLayout(bottom);

    connect(m_pause, &QAction::toggled, this, [this](bool on) {
        m_jobs->queue().setPaused(on);
        updateActions();
    });
    connect(m_up, &QAction::triggered, this, [this] { moveCurrent(-1); });
    connect(m_down, &QAction::triggered, this, [this] { moveCurrent(+1); });
    connect(m_hold, &QAction::toggled, this, [this](bool on) {
        if (const quint64 id = m_model->idAt(currentRow()))
            m_jobs->queue().setHeld(id, on);
        m_model->refresh();
    });
    connect(m_duplicate, &QAction::triggered, this, [this] {
        if (const quint64 id = m_jobs->queue().duplicateWithNewSeed(m_model->idAt(currentRow()))) {
            m_model->refresh();
            selectRow(m_model->rowOf(id));
        }
    });
    connect(m_variations, &QAction::triggered, this, &QueuePanel::addVariations);
    connect(m_remove, &QAction::triggered, this, [this] {
        const int row = currentRow();
        if (row >= 0 && m_model->removeRows(row, 1))
            selectRow(std::min(row, m_model->rowCount() - 1));
    });
    connect(m_clear, &QAction::triggered, this, [this] {
        m_jobs->queue().clearFinished();
        m_model->refresh();
    });
    connect(m_export, &QAction::triggered, this, &QueuePanel::exportQueue);
    connect(m_import, &QAction::triggered, this, &QueuePanel::importQueue);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &QueuePanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &QueuePanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &QueuePanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsMoved, this, &QueuePanel::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &QueuePanel::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &QueuePanel::updateActions);
    connect(m_jobs, &JobController::queueChanged, this, &QueuePanel::updateActions); // paused changes no row
    updateActions();
}

int QueuePanel::currentRow() const
{
    return m_view->currentIndex().isValid() ? m_view->currentIndex().row() : -1;
}

void QueuePanel::selectRow(int row)
{
    if (row >= 0 && row < m_model->rowCount())
        m_view->setCurrentIndex(m_model->index(row));
}

void QueuePanel::moveCurrent(int delta)
{
    const int row = currentRow();
    const int target = row + delta;
    if (row < 0 || target < 0 || target >= m_model->rowCount())
        return;
    // moveRows counts the destination before the move: moving down by one means "in front of row + 2".
    m_model->moveRows({}, row, 1, {}, delta > 0 ? target + 1 : target);
    selectRow(target);
}

void QueuePanel::addVariations()
{
    const quint64 id = m_model->idAt(currentRow());
    if (!id)
        return;
    bool ok = false;
    const int n = QInputDialog::getInt(this, tr("Variations"),
                                       tr("How many copies of this clip should be queued? Each gets a new seed."), 4, 1,
                                       100, 1, &ok);
    if (!ok)
        return;
    m_jobs->queue().addVariations(id, n);
    m_model->refresh();
    emit message(tr("%n variation(s) added to the queue", nullptr, n));
}

void QueuePanel::exportQueue()
{
    const QString start = QDir(m_outputsFolder ? m_outputsFolder() : QDir::homePath()).filePath(QStringLiteral("queue.jsonl"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export queue"), start, tr("Batch files (*.jsonl)"),
                                                      nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    try {
        const std::size_t n = m_jobs->queue().exportJsonl(path.toStdString());
        emit message(tr("%n clip(s) exported to %1", nullptr, int(n)).arg(QDir::toNativeSeparators(path)));
    } catch (const I2vError& e) {
        emit errorOccurred(e.error());
    }
}

void QueuePanel::importQueue()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import queue"), QDir::homePath(),
                                                      tr("Batch files (*.jsonl *.json)"));
    if (path.isEmpty())
        return;
    try {
        const QueueImport r = m_jobs->queue().importJsonl(path.toStdString(),
                                                          m_outputsFolder ? m_outputsFolder().toStdString() : std::string());
        m_model->refresh();
        if (!r.failures.empty()) {
            std::string detail;
            for (const std::string& f : r.failures)
                detail += f + "\n";
            emit errorOccurred({ErrorCode::InvalidArgument, detail});
        }
        emit message(tr("%n clip(s) added from %1", nullptr, int(r.ids.size())).arg(QFileInfo(path).fileName()));
    } catch (const I2vError& e) {
        emit errorOccurred(e.error());
    }
}

void QueuePanel::updateActions()
{
    const QueueEntry* e = m_model->entryAt(currentRow());
    const bool has = e != nullptr;
    const int row = currentRow();
    m_up->setEnabled(has && row > 0);
    m_down->setEnabled(has && row + 1 < m_model->rowCount());
    m_duplicate->setEnabled(has);
    m_variations->setEnabled(has);
    m_remove->setEnabled(has);
    m_hold->setEnabled(has && e->state == JobState::Queued);
    {
        const QSignalBlocker block(m_hold);
        m_hold->setChecked(has && e->held);
    }
    const bool paused = m_jobs->queue().paused();
    {
        const QSignalBlocker block(m_pause);
        m_pause->setChecked(paused);
    }
    m_pause->setText(paused ? tr("Resume queue") : tr("Pause queue"));
    m_pause->setIcon(themedIcon(paused ? QStringLiteral("play") : QStringLiteral("pause")));
    m_pause->setToolTip(paused ? tr("Start the waiting clips again")
                               : tr("Let the current clip finish, then start no new one until you resume"));
    int waiting = 0, finished = 0;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const JobState s = m_model->entryAt(r)->state;
        waiting += s == JobState::Queued || s == JobState::Running;
        finished += s == JobState::Done || s == JobState::Failed || s == JobState::Cancelled;
    }
    m_clear->setEnabled(finished > 0);
    m_export->setEnabled(waiting > 0);
    m_status->setText(paused ? tr("%n waiting · paused", nullptr, waiting) : tr("%n waiting", nullptr, waiting));
}

} // namespace ui
} // namespace i2v
