#include "ui/queue_model.h"

#include "ui/errors.h"
#include "ui/job_controller.h"
#include "ui/stage_texts.h"

#include <QImageReader>
#include <QMimeData>

#include <algorithm>

namespace i2v {
namespace ui {
namespace {

constexpr int kThumbWidth = 96; // pixels; the delegate draws thumbnails at most this large
constexpr int kThumbHeight = 64;
const QString kMimeType = QStringLiteral("application/x-i2v-queue-job");

// What a view shows of a row; a difference here means the row must be repainted.
bool sameLook(const QueueEntry& a, const QueueEntry& b)
{
    return a.state == b.state && a.held == b.held && a.interrupted == b.interrupted &&
           a.progress.stage == b.progress.stage && a.progress.step == b.progress.step &&
           a.progress.total == b.progress.total && a.error.code == b.error.code && a.output == b.output;
}

} // namespace

QueueModel::QueueModel(JobController* jobs, QObject* parent) : QAbstractListModel(parent), m_jobs(jobs)
{
    connect(m_jobs, &JobController::queueChanged, this, &QueueModel::refresh);
    m_rows = m_jobs->queue().snapshot();
}

void QueueModel::refresh()
{
    std::vector<QueueEntry> next = m_jobs->queue().snapshot();
    const std::size_t oldSize = m_rows.size(), newSize = next.size();
    const auto idAtOld = [&](std::size_t i) { return m_rows[i].id; };
    const auto idAtNew = [&](std::size_t i) { return next[i].id; };
    std::size_t prefix = 0;
    while (prefix < std::min(oldSize, newSize) && idAtOld(prefix) == idAtNew(prefix))
        ++prefix;
    std::size_t suffix = 0;
    while (suffix < std::min(oldSize, newSize) - prefix &&
           idAtOld(oldSize - 1 - suffix) == idAtNew(newSize - 1 - suffix))
        ++suffix;

    if (oldSize == newSize && prefix == oldSize) {
        // Same rows in the same order: repaint the ones that look different.
        for (std::size_t i = 0; i < newSize; ++i) {
            const bool differs = !sameLook(m_rows[i], next[i]);
            m_rows[i] = std::move(next[i]);
            if (differs)
                emit dataChanged(index(int(i)), index(int(i)));
        }
        return;
    }
    const int first = int(prefix);
    if (newSize > oldSize && prefix + suffix == oldSize) { // a block inserted
        beginInsertRows({}, first, first + int(newSize - oldSize) - 1);
        m_rows = std::move(next);
        endInsertRows();
    } else if (newSize < oldSize && prefix + suffix == newSize) { // a block removed
        beginRemoveRows({}, first, first + int(oldSize - newSize) - 1);
        m_rows = std::move(next);
        endRemoveRows();
    } else if (newSize == oldSize && prefix + suffix + 2 <= newSize) {
        // One row moved within [first, last]: either down (old first -> new last) or up (old last -> new first).
        const std::size_t last = newSize - 1 - suffix;
        const bool down = idAtNew(last) == idAtOld(prefix) &&
                          std::equal(m_rows.begin() + long(prefix) + 1, m_rows.begin() + long(last) + 1,
                                     next.begin() + long(prefix), [](const auto& a, const auto& b) { return a.id == b.id; });
        const bool up = idAtNew(prefix) == idAtOld(last) &&
                        std::equal(m_rows.begin() + long(prefix), m_rows.begin() + long(last), next.begin() + long(prefix) + 1,
                                   [](const auto& a, const auto& b) { return a.id == b.id; });
        if (down || up) {
            if (down)
                beginMoveRows({}, first, first, {}, int(last) + 1);
            else
                beginMoveRows({}, int(last), int(last), {}, first);
            m_rows = std::move(next);
            endMoveRows();
        } else {
            beginResetModel();
            m_rows = std::move(next);
            endResetModel();
            return;
        }
    } else {
        beginResetModel();
        m_rows = std::move(next);
        endResetModel();
        return;
    }
    if (!m_rows.empty())
        emit dataChanged(index(0), index(rowCount() - 1)); // states may have changed along with the order
}

int QueueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

const QueueEntry* QueueModel::entryAt(int row) const
{
    return row >= 0 && row < rowCount() ? &m_rows[std::size_t(row)] : nullptr;
}

quint64 QueueModel::idAt(int row) const
{
    const QueueEntry* e = entryAt(row);
    return e ? e->id : 0;
}

int QueueModel::rowOf(quint64 id) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == id)
            return int(i);
    return -1;
}

QString QueueModel::summaryText(const GenerationRequest& r)
{
    return tr("%1 × %2 · %n frame(s) · %3 steps · seed %4", nullptr, r.frames)
        .arg(r.width)
        .arg(r.height)
        .arg(r.steps)
        .arg(r.seed);
}

QString QueueModel::stateText(const QueueEntry& e)
{
    switch (e.state) {
    case JobState::Queued:
        if (e.held)
            return tr("On hold");
        return e.interrupted ? tr("Waiting (interrupted last time, starts again)") : tr("Waiting");
    case JobState::Running: {
        const QString stage = StageTexts::stage(e.progress.stage);
        return e.progress.total > 0 ? tr("%1 %2/%3").arg(stage).arg(e.progress.step).arg(e.progress.total) : stage;
    }
    case JobState::Done: return tr("Done");
    case JobState::Failed: return tr("Failed: %1").arg(ErrorTexts::sentence(e.error.code));
    case JobState::Cancelled: return tr("Cancelled");
    }
    return {};
}

QPixmap QueueModel::thumbnail(const QString& imagePath) const
{
    if (imagePath.isEmpty())
        return {};
    if (auto it = m_thumbnails.constFind(imagePath); it != m_thumbnails.cend())
        return *it;
    QImageReader reader(imagePath);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid())
        reader.setScaledSize(size.scaled(kThumbWidth, kThumbHeight, Qt::KeepAspectRatio));
    const QPixmap pixmap = QPixmap::fromImage(reader.read()); // null when unreadable: cached too, not retried
    m_thumbnails.insert(imagePath, pixmap);
    return pixmap;
}

QVariant QueueModel::data(const QModelIndex& index, int role) const
{
    const QueueEntry* e = entryAt(index.row());
    if (!e || index.parent().isValid())
        return {};
    switch (role) {
    case Qt::DisplayRole: {
        const QString prompt = QString::fromStdString(e->request.prompt).simplified();
        return prompt.isEmpty() ? tr("(no prompt)") : prompt;
    }
    case Qt::ToolTipRole: {
        QString tip = QString::fromStdString(e->request.prompt).toHtmlEscaped() + QStringLiteral("<br>") +
                      summaryText(e->request).toHtmlEscaped() + QStringLiteral("<br>") +
                      QString::fromStdString(e->request.imagePath).toHtmlEscaped();
        if (e->state == JobState::Failed)
            tip += QStringLiteral("<br><i>") + QString::fromStdString(e->error.detail).toHtmlEscaped() +
                   QStringLiteral("</i>");
        if (!e->output.empty())
            tip += QStringLiteral("<br>") + QString::fromStdString(e->output).toHtmlEscaped();
        return tip;
    }
    case Qt::DecorationRole: return thumbnail(QString::fromStdString(e->request.imagePath));
    case IdRole: return QVariant::fromValue<quint64>(e->id);
    case StateRole: return int(e->state);
    case HeldRole: return e->held;
    case SummaryRole: return summaryText(e->request);
    case StatusRole: return stateText(*e);
    case ProgressRole:
        if (e->state != JobState::Running)
            return -1;
        return e->progress.total > 0 ? e->progress.step * 100 / e->progress.total : 0;
    default: return {};
    }
}

Qt::ItemFlags QueueModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled; // drops land between rows
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
}

Qt::DropActions QueueModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

bool QueueModel::moveRows(const QModelIndex& sourceParent, int sourceRow, int count,
                          const QModelIndex& destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count != 1 || !entryAt(sourceRow) ||
        destinationChild < 0 || destinationChild > rowCount())
        return false;
    // Qt's destination is "in front of row destinationChild" counted before the move; the queue wants
    // the final index.
    const int target = destinationChild > sourceRow ? destinationChild - 1 : destinationChild;
    if (target == sourceRow)
        return true;
    if (!m_jobs->queue().move(idAt(sourceRow), std::size_t(target)))
        return false;
    refresh();
    return true;
}

QStringList QueueModel::mimeTypes() const
{
    return {kMimeType};
}

QMimeData* QueueModel::mimeData(const QModelIndexList& indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    auto* data = new QMimeData;
    data->setData(kMimeType, QByteArray::number(idAt(indexes.first().row())));
    return data;
}

bool QueueModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int, const QModelIndex& parent)
{
    if (!data || action != Qt::MoveAction || !data->hasFormat(kMimeType))
        return false;
    const int source = rowOf(data->data(kMimeType).toULongLong());
    const int destination = row >= 0 ? row : (parent.isValid() ? parent.row() : rowCount());
    if (source >= 0)
        moveRows({}, source, 1, {}, destination);
    return false;
}

bool QueueModel::removeRows(int row, int count, const QModelIndex& parent)
{
    if (parent.isValid() || row < 0 || count < 1 || row + count > rowCount())
        return false;
    std::vector<quint64> ids;
    for (int r = row; r < row + count; ++r)
        ids.push_back(idAt(r));
    for (quint64 id : ids)
        m_jobs->queue().remove(id);
    refresh();
    return true;
}

} // namespace ui
} // namespace i2v
