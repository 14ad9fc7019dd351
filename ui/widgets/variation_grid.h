#pragma once
// VariationGrid: the N clips of a best-of job as a row of small looping thumbnails, best score first, each
// with its rank and score (the prompt, image and motion parts in its tooltip); the pick is highlighted.
// Clicking a tile (Space/Enter when it has the focus, or "Make this the pick" in its context menu) asks for
// that variation to become the pick: promoteRequested(). The grid changes nothing itself; the owner calls
// setPick() once the pick has changed. One timer advances every tile's frame, looping; it runs only while
// the grid is visible. Paints only: the thumbnails arrive scaled (VariationsPanel makes them off the GUI
// thread).

#include <QAbstractButton>
#include <QImage>
#include <QVector>
#include <QWidget>

#include <optional>

class QHBoxLayout;
class QScrollArea;
class QTimer;

namespace i2v {
namespace ui {

struct VariationTileData {
    int index = 0;                   // the variation, 0-based (its files end in "_v<index + 1>")
    int rank = 0;                    // 1 = best score
    bool pick = false;
    double score = 0;                // total
    std::optional<double> scorePrompt;
    std::optional<double> scoreImage;
    double scoreTemporal = 0;
    qint64 seed = 0;
    QString file;                    // the variation's video
    QVector<QImage> frames;          // thumbnails, played in a loop
};

// One thumbnail: the current frame, "#rank · score" under it, a "Pick" badge and an accent frame on the pick.
class VariationTile : public QAbstractButton {
    Q_OBJECT
public:
    VariationTile(VariationTileData data, QWidget* parent = nullptr);
    const VariationTileData& data() const { return m_data; }
    void setPick(bool pick);
    int frameIndex() const { return m_frame; }
    void advance(); // the next frame, back to the first after the last
    QSize sizeHint() const override;

signals:
    void promoteRequested(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void updateTexts();

    VariationTileData m_data;
    int m_frame = 0;
};

class VariationGrid : public QWidget {
    Q_OBJECT
public:
    explicit VariationGrid(QWidget* parent = nullptr);

    // Shows `items` best first (by rank) and loops their thumbnails at `fps` (clamped to 1..30).
    void setVariations(QVector<VariationTileData> items, int fps);
    void clear();
    // Marks variation `index` (0-based) as the pick, the others not.
    void setPick(int index);
    int count() const { return m_tiles.size(); }
    int pickIndex() const; // -1 when there is none
    // The tiles best first (tile 0 is rank 1).
    const QVector<VariationTile*>& tiles() const { return m_tiles; }

signals:
    void promoteRequested(int index);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QScrollArea* m_scroll;
    QWidget* m_row;
    QHBoxLayout* m_rowLayout;
    QTimer* m_timer;
    QVector<VariationTile*> m_tiles;
};

} // namespace ui
} // namespace i2v
